"""The back office's "Import announcement" page and the people review tools."""

import pytest
from django.urls import reverse

from flames.episodes.models import Episode
from flames.ingest import services
from flames.people import services as people
from flames.people.models import DistinctPeople, Person, PersonRedirect
from tests.ingest.test_import import SEED_UK, announcement

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/ingest/importedannouncement/import/"


def test_preview_marks_each_speaker_and_writes_nothing(admin_client, demo):
    people.create_person(name="Olena Churanova")
    text = announcement(
        "Fakes",
        ["Valerii Chalyi, diplomat", "Olga Churanova, fact-checker", "Ostap Lysyi, economist"],
        number=400,
    )

    response = admin_client.post(IMPORT_URL, {"text": text, "status": "draft", "preview": "1"})

    plan = response.context["plan"]
    assert [(s.name, s.match.state) for s in plan.speakers] == [
        ("Valerii Chalyi", "matched"),
        ("Olga Churanova", "review"),
        ("Ostap Lysyi", "new"),
    ]
    assert "Creates a new episode." in response.content.decode()
    assert Episode.objects.count() == 1  # only the demo


def test_save_applies_editor_corrections(admin_client, demo):
    olena = people.create_person(name="Olena Churanova")
    text = announcement(
        "Fakes", ["Olga Churanova, fact-checker", "Ostap Lysy, economist"], number=401
    )

    response = admin_client.post(
        IMPORT_URL,
        {
            "text": text,
            "status": "draft",
            "save": "1",
            "speaker_name": ["Olga Churanova", "Ostap Lysyi"],
            "speaker_person": [str(olena.pk), "auto"],
        },
    )

    episode = Episode.objects.get(number=401)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:episodes_episode_change", args=[episode.pk])
    assert episode.status == "draft"
    assert [a.person.name for a in episode.appearances.all()] == [
        "Olena Churanova",
        "Ostap Lysyi",
    ]
    assert sorted(olena.names.values_list("name", flat=True)) == [
        "Olena Churanova",
        "Olga Churanova",
    ]


def test_unparseable_text_shows_error_on_the_form(admin_client, db):
    response = admin_client.post(IMPORT_URL, {"text": "12345\n\n", "status": "draft"})

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["no recognisable title"]


def test_ukrainian_announcement_preview_updates_demo_episode(admin_client, demo):
    response = admin_client.post(IMPORT_URL, {"text": SEED_UK, "status": "draft", "preview": "1"})

    assert response.context["plan"].episode == demo
    assert {s.match.state for s in response.context["plan"].speakers} == {"matched"}


def test_merge_action_asks_whom_to_keep_then_merges(admin_client, db):
    keep = people.create_person(name="Volodymyr Ogryzko")
    drop = people.create_person(name="Volodymyr Ogryzko Jr", needs_review=True)
    changelist = reverse("admin:people_person_changelist")
    selection = {"action": "merge", "_selected_action": [keep.pk, drop.pk]}

    confirm = admin_client.post(changelist, selection)
    done = admin_client.post(changelist, {**selection, "survivor": str(keep.pk)}, follow=True)

    assert "Every appearance, position and spelling moves" in confirm.content.decode()
    assert [str(m) for m in done.context["messages"]] == ["Merged 1 people into Volodymyr Ogryzko."]
    assert list(Person.objects.values_list("name", flat=True)) == ["Volodymyr Ogryzko"]
    assert PersonRedirect.objects.get().old_slug == drop.slug


def test_mark_distinct_action_clears_review(admin_client, db):
    olena = people.create_person(name="Olena Churanova")
    olga = people.create_person(name="Olga Churanova", needs_review=True)

    admin_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "mark_distinct", "_selected_action": [olena.pk, olga.pk]},
    )

    assert DistinctPeople.objects.count() == 1
    assert not Person.objects.filter(needs_review=True).exists()


def test_review_list_shows_flagged_people(admin_client, db):
    people.create_person(name="Olga Churanova", needs_review=True)
    people.create_person(name="Ostap Lysyi")

    response = admin_client.get(
        reverse("admin:people_person_changelist"), {"needs_review__exact": "1"}
    )

    assert [p.name for p in response.context["cl"].result_list] == ["Olga Churanova"]


def test_preview_of_a_likely_update_lets_the_editor_create_a_new_episode(admin_client, db):
    first = announcement("Fakes and facts", ["Ostap Lysyi, economist"], number=402)
    services.import_announcement(text=first, source="402.txt")
    second = announcement("Fakes and facts", ["Iryna Bond, trader"], number=402)

    preview = admin_client.post(IMPORT_URL, {"text": second, "status": "draft", "preview": "1"})
    page = preview.content.decode()
    assert "This looks like an episode already on the site: it has a similar title." in page
    assert "Update #402 Fakes and facts" in page
    assert '<input type="radio" name="episode" value="new">' in page

    saved = admin_client.post(
        IMPORT_URL,
        {
            "text": second,
            "status": "draft",
            "save": "1",
            "episode": "new",
            "speaker_name": ["Iryna Bond"],
            "speaker_person": ["auto"],
        },
    )

    assert saved.status_code == 302
    episodes = Episode.objects.filter(number=402).order_by("id")
    assert [[a.person.name for a in e.appearances.all()] for e in episodes] == [
        ["Ostap Lysyi"],
        ["Iryna Bond"],
    ]
    assert episodes[1].needs_review is False  # the editor chose: nothing left to doubt


def test_notes_for_review_are_listed_and_marked_reviewed(admin_client, db):
    services.import_announcement(
        text=announcement("Untold", ["Marta Kovalenko, analyst"]), source="untold.txt"
    )
    listing = admin_client.get("/admin/ingest/importedannouncement/?needs_review__exact=1")
    record = listing.context["cl"].result_list[0]
    assert (record.source, record.notes) == ("untold.txt", ["no episode number found"])

    admin_client.post(
        "/admin/ingest/importedannouncement/",
        {"action": "mark_reviewed", "_selected_action": [record.pk]},
    )

    record.refresh_from_db()
    assert record.needs_review is False
