"""Revisions: every back-office change is kept, shown, compared and restorable."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from flames.episodes.models import Appearance, Episode, Partnership, Series
from flames.people.models import Organization, OrganizationName, Person, PersonName, Position
from flames.support.models import CallToAction
from tests.publishing.helpers import form_data

pytestmark = pytest.mark.django_db

DEMO_TITLE = "Ukraine and NATO partnership anniversary: joint achievements and challenges"
DEMO_PANEL = [
    "Emine Dzheppar",
    "Vineta Kleine",
    "Baiba Braže",
    "Karen McTear",
    "Volodymyr Ogryzko",
    "Ivanna Klympush-Tsintsadze",
    "Valeriy Chaly",
]
NEW_TITLE = "NATO and Ukraine: thirty years on"


def panel(episode) -> list[str]:
    return [appearance.person.name for appearance in episode.appearances.all()]


def edit_demo_episode(client, episode) -> None:
    """Rename the episode and take Valeriy Chaly (the last row) off its panel."""
    change = reverse("admin:episodes_episode_change", args=[episode.pk])
    data = form_data(client.get(change), "episode_form")
    data["title"] = [NEW_TITLE]
    data["appearances-6-DELETE"] = ["on"]
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.parametrize(
    ("model", "follows"),
    [
        (Episode, ("appearances",)),
        (Appearance, ()),
        (Person, ("names", "positions")),
        (PersonName, ()),
        (Position, ()),
        (Organization, ("names",)),
        (OrganizationName, ()),
        (CallToAction, ()),
        (Series, ("partnerships",)),
        (Partnership, ()),
    ],
)
def test_content_models_registered_for_revisions_at_app_loading(model, follows):
    # Registered by the models modules, so an import outside the admin keeps revisions too.
    assert reversion.is_registered(model)
    assert reversion.revisions._get_options(model).follow == follows


def test_demo_loads_as_one_revision(demo):
    versions = Version.objects.get_for_object(demo)

    assert [version.revision.get_comment() for version in versions] == ["Loaded the demo content."]


def test_episode_edit_shows_two_versions_with_editor_in_history(admin_client, admin_user, demo):
    edit_demo_episode(admin_client, demo)

    response = admin_client.get(reverse("admin:episodes_episode_history", args=[demo.pk]))

    assert response.status_code == 200
    actions = response.context["action_list"]
    assert [action["revision"].user for action in actions] == [admin_user, None]
    assert actions[0]["revision"].get_comment() == (
        "Changed Title. "
        "Deleted appearance “Valeriy Chaly in #121 NATO and Ukraine: thirty years on”."
    )


def test_episode_revert_restores_title_and_panel(admin_client, demo):
    edit_demo_episode(admin_client, demo)
    demo.refresh_from_db()
    assert (demo.title, panel(demo)) == (NEW_TITLE, DEMO_PANEL[:-1])
    first = Version.objects.get_for_object(demo).order_by("pk").first()
    revert = reverse("admin:episodes_episode_revision", args=[demo.pk, first.pk])

    page = admin_client.get(revert)
    assert page.status_code == 200
    response = admin_client.post(revert, form_data(page, "episode_form"))

    assert response.status_code == 302, response.content.decode()[:3000]
    demo.refresh_from_db()
    assert (demo.title, panel(demo)) == (DEMO_TITLE, DEMO_PANEL)
    assert Version.objects.get_for_object(demo).count() == 3


def test_episode_compare_shows_old_and_new_titles(admin_client, demo):
    edit_demo_episode(admin_client, demo)
    first, second = Version.objects.get_for_object(demo).order_by("pk")
    compare = reverse("admin:episodes_episode_compare", args=[demo.pk])

    response = admin_client.get(compare, {"version_id1": first.pk, "version_id2": second.pk})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>Ukraine and NATO partnership anniversary" in html
    assert "<ins>NATO and Ukraine: thirty years on</ins>" in html
    assert "<del>- Valeriy Chaly in #121" in html


def test_compare_and_history_pages_in_ukrainian_have_no_inline_style(admin_client, demo):
    edit_demo_episode(admin_client, demo)
    first, second = Version.objects.get_for_object(demo).order_by("pk")
    history = reverse("admin:episodes_episode_history", args=[demo.pk])
    compare = reverse("admin:episodes_episode_compare", args=[demo.pk])

    pages = [
        admin_client.get(history, headers={"accept-language": "uk"}),
        admin_client.get(
            compare,
            {"version_id1": first.pk, "version_id2": second.pk},
            headers={"accept-language": "uk"},
        ),
    ]

    history_html, compare_html = (page.content.decode() for page in pages)
    assert '<th scope="col">Користувач</th>' in history_html
    assert '<input type="submit" value="порівняти">' in history_html
    assert "<h1>Порівняти #121 Ukraine and NATO" in compare_html
    assert "Повернутися до цієї версії" in compare_html
    for html in (history_html, compare_html):
        assert "style=" not in html
        assert "<style" not in html


@pytest.mark.parametrize(
    "name",
    [
        "episodes_episode",
        "episodes_series",
        "people_person",
        "people_organization",
        "support_calltoaction",
    ],
)
def test_recover_list_of_deleted_rows_loads(admin_client, db, name):
    response = admin_client.get(reverse(f"admin:{name}_recoverlist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "lookup", "field"),
    [
        ("people_person", {"slug": "valeriy-chaly"}, "bio"),
        ("people_organization", {"name": "NATO Representation in Ukraine"}, "website"),
        ("support_calltoaction", {"kind": "donation"}, "description"),
        ("episodes_series", {"slug": "ukraine-in-flames"}, "about"),
    ],
)
def test_edit_through_admin_is_compared_with_demo_version(admin_client, demo, name, lookup, field):
    app_label, model_name = name.split("_")
    row = demo._meta.apps.get_model(app_label, model_name).objects.get(**lookup)
    change = reverse(f"admin:{name}_change", args=[row.pk])
    data = form_data(admin_client.get(change), f"{model_name}_form")
    data[field] = ["https://nato.int/ukraine" if field == "website" else "Rewritten by an editor."]
    assert admin_client.post(change, data).status_code == 302
    first, second = Version.objects.get_for_object(row).order_by("pk")

    response = admin_client.get(
        reverse(f"admin:{name}_compare", args=[row.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )

    assert response.status_code == 200
    assert [diff["field"].name for diff in response.context["compare_data"]] == [field]


def test_deleted_episode_is_recovered_with_its_panel(admin_client, demo):
    delete = reverse("admin:episodes_episode_delete", args=[demo.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Episode.objects.exists()
    deleted = admin_client.get(reverse("admin:episodes_episode_recoverlist"))
    [version] = deleted.context["deleted"]
    recover = reverse("admin:episodes_episode_recover", args=[version.pk])

    page = admin_client.get(recover)
    response = admin_client.post(recover, form_data(page, "episode_form"))

    assert response.status_code == 302, response.content.decode()[:3000]
    episode = Episode.objects.get()
    assert (episode.pk, episode.title, panel(episode)) == (demo.pk, DEMO_TITLE, DEMO_PANEL)


def test_publish_action_is_kept_as_a_revision_by_its_editor(admin_client, admin_user, demo):
    Episode.objects.filter(pk=demo.pk).update(status=Episode.Status.DRAFT)

    admin_client.post(
        reverse("admin:episodes_episode_changelist"),
        {"action": "publish", "_selected_action": [demo.pk]},
    )

    latest = Version.objects.get_for_object(demo).first()
    assert latest.field_dict["status"] == "published"
    assert (latest.revision.user, latest.revision.get_comment()) == (
        admin_user,
        "Status changed to Published.",
    )
