"""The back office: every list loads, searches and filters; episodes move through statuses."""

import pytest
from django.urls import reverse

from flames.episodes.models import Episode
from tests import factories
from tests.publishing.helpers import form_data

pytestmark = pytest.mark.django_db

# Each back-office list with a search the demo content answers, and how many rows it finds.
SEARCHES = {
    "episodes_series": ("flames", 1),
    "episodes_episode": ("Chaly", 1),
    "episodes_topic": ("НАТО", 1),
    "episodes_partnership": ("Euroatlantic", 1),
    "people_person": ("Klympush", 1),
    "people_organization": ("NATO", 2),
    "people_position": ("Minister", 2),
    "support_calltoaction": ("donat", 1),
}
CHANGELISTS = list(SEARCHES)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_searches(admin_client, demo, name):
    query, expected = SEARCHES[name]

    response = admin_client.get(reverse(f"admin:{name}_changelist"), {"q": query})

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("name", CHANGELISTS)
def test_add_form_loads(admin_client, db, name):
    assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_person_search_finds_other_spellings(admin_client, demo):
    response = admin_client.get(reverse("admin:people_person_changelist"), {"q": "Огризко"})

    assert [person.name for person in response.context["cl"].result_list] == ["Volodymyr Ogryzko"]


def test_publish_action_moves_drafts_to_published(admin_client, db):
    draft = factories.episode("Draft", slug="draft", status=Episode.Status.DRAFT)
    scheduled = factories.episode("Soon", slug="soon", status=Episode.Status.SCHEDULED)

    response = admin_client.post(
        reverse("admin:episodes_episode_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == ["2 episodes published."]
    assert set(Episode.objects.values_list("status", flat=True)) == {"published"}


def episode_form(demo, **fields) -> dict:
    """The episode add form as an editor submits it, with no speakers."""
    return {
        "series": demo.series_id,
        "number": "122",
        "title": "Sanctions one year on",
        "slug": "",
        "status": "draft",
        "summary": "",
        "air_time_0": "2022-07-10",
        "air_time_1": "19:00:00",
        "duration": "",
        "language": "en",
        "video_url": "",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_episode_add_form_does_not_fill_slug_from_title_alone(admin_client, db):
    response = admin_client.get(reverse("admin:episodes_episode_add"))

    assert response.context["adminform"].prepopulated_fields == []
    assert not response.context["adminform"].form.fields["slug"].required


def test_episode_without_slug_gets_number_and_title_slug(admin_client, demo):
    response = admin_client.post(reverse("admin:episodes_episode_add"), episode_form(demo))

    assert response.status_code == 302
    assert Episode.objects.get(number=122).slug == "122-sanctions-one-year-on"


def test_episode_without_slug_or_number_gets_title_slug(admin_client, demo):
    form = episode_form(demo, number="")

    response = admin_client.post(reverse("admin:episodes_episode_add"), form)

    assert response.status_code == 302
    assert Episode.objects.get(title="Sanctions one year on").slug == "sanctions-one-year-on"


def test_episode_with_typed_slug_keeps_it(admin_client, demo):
    form = episode_form(demo, slug="sanctions")

    response = admin_client.post(reverse("admin:episodes_episode_add"), form)

    assert response.status_code == 302
    assert Episode.objects.get(number=122).slug == "sanctions"


def test_episode_with_taken_slug_is_refused_on_the_form(admin_client, demo):
    form = episode_form(demo, slug=demo.slug)

    response = admin_client.post(reverse("admin:episodes_episode_add"), form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "slug": ["Episode with this Slug already exists."]
    }


def test_editor_creates_episode_with_ordered_speakers(admin_client, demo):
    ogryzko = demo.appearances.get(person__slug="volodymyr-ogryzko").person
    chaly = demo.appearances.get(person__slug="valeriy-chaly").person
    form = {
        "series": demo.series_id,
        "number": "122",
        "title": "Sanctions one year on",
        "slug": "sanctions-one-year-on",
        "status": "published",
        "summary": "",
        "air_time_0": "2022-07-10",
        "air_time_1": "19:00:00",
        "duration": "",
        "language": "en",
        "video_url": "",
        "appearances-TOTAL_FORMS": "2",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "appearances-0-order": "2",
        "appearances-0-person": ogryzko.pk,
        "appearances-0-part": "guest",
        "appearances-0-announced_as": "Former foreign minister",
        "appearances-1-order": "1",
        "appearances-1-person": chaly.pk,
        "appearances-1-part": "moderator",
        "appearances-1-announced_as": "Chair of the UCMC Board",
    }

    response = admin_client.post(reverse("admin:episodes_episode_add"), form)

    assert response.status_code == 302
    episode = Episode.objects.get(slug="sanctions-one-year-on")
    assert [(a.person.name, a.part) for a in episode.appearances.all()] == [
        ("Valeriy Chaly", "moderator"),
        ("Volodymyr Ogryzko", "guest"),
    ]


def test_speaker_added_at_the_bottom_is_saved_last(admin_client, demo):
    newcomer = factories.person("Olena Kovalenko")
    change = reverse("admin:episodes_episode_change", args=[demo.pk])
    data = form_data(admin_client.get(change), "episode_form")
    # The empty row below the seven speakers, sent as the page fills it in.
    assert data["appearances-7-order"] == ["0"]
    data["appearances-7-person"] = [str(newcomer.pk)]

    response = admin_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    names = [appearance.person.name for appearance in demo.appearances.all()]
    assert names[0] == "Emine Dzheppar"
    assert names[-1] == "Olena Kovalenko"
    assert list(demo.appearances.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_speaker_order_is_a_hidden_field_of_a_sortable_table(admin_client, demo):
    response = admin_client.get(reverse("admin:episodes_episode_change", args=[demo.pk]))

    html = response.content.decode()
    assert 'class="module sortable"' in html
    assert (
        '<input type="hidden" name="appearances-0-order" value="1" class="_reorder_" '
        'id="id_appearances-0-order">'
    ) in html


def test_episode_add_form_starts_with_the_first_series(admin_client, db):
    first = factories.series(title="Ukraine in Flames", slug="ukraine-in-flames")
    factories.series(title="Another series", slug="another")

    response = admin_client.get(reverse("admin:episodes_episode_add"))

    assert response.context["adminform"].form["series"].value() == first.pk


def test_episode_list_links_to_import_and_to_deleted_episodes(admin_client, db):
    response = admin_client.get(reverse("admin:episodes_episode_changelist"))

    html = response.content.decode()
    assert '<a href="/admin/ingest/importedannouncement/import/">Import announcement</a>' in html
    assert (
        '<a href="/admin/episodes/episode/recover/" class="recoverlink">'
        "Recover deleted episodes</a>"
    ) in html
