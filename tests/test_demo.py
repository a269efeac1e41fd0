"""`flames demo`: the demo content, an editor who edits content and an administrator."""

import importlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from flames.backoffice import staff
from flames.demo import load_demo
from flames.episodes.models import Episode, Partnership
from tests.samples import SEED

pytestmark = pytest.mark.django_db

# What an editor may do, app by app; nothing about accounts, groups, sessions or logs.
EDITOR_CAN = {
    "episodes.add_appearance",
    "episodes.change_appearance",
    "episodes.delete_appearance",
    "episodes.view_appearance",
    "episodes.add_episode",
    "episodes.change_episode",
    "episodes.delete_episode",
    "episodes.view_episode",
    "episodes.add_partnership",
    "episodes.change_partnership",
    "episodes.delete_partnership",
    "episodes.view_partnership",
    "episodes.change_series",
    "episodes.view_series",
    "episodes.add_topic",
    "episodes.change_topic",
    "episodes.delete_topic",
    "episodes.view_topic",
    "ingest.change_importedannouncement",
    "ingest.view_importedannouncement",
    "people.add_organization",
    "people.change_organization",
    "people.delete_organization",
    "people.view_organization",
    "people.add_organizationname",
    "people.change_organizationname",
    "people.delete_organizationname",
    "people.view_organizationname",
    "people.add_person",
    "people.change_person",
    "people.delete_person",
    "people.view_person",
    "people.add_personname",
    "people.change_personname",
    "people.delete_personname",
    "people.view_personname",
    "people.add_position",
    "people.change_position",
    "people.delete_position",
    "people.view_position",
    "support.add_calltoaction",
    "support.change_calltoaction",
    "support.delete_calltoaction",
    "support.view_calltoaction",
    "transcripts.add_transcript",
    "transcripts.change_transcript",
    "transcripts.delete_transcript",
    "transcripts.view_transcript",
}


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def password(username: str) -> str:
    return (settings.DATA_DIR / f"{username}-password").read_text().strip()


@pytest.fixture(autouse=True)
def _no_password_files():
    yield
    for username in ("editor", "admin"):
        (settings.DATA_DIR / f"{username}-password").unlink(missing_ok=True)


def test_demo_once_loads_on_a_fresh_site_with_its_default_series():
    default_series = importlib.import_module("flames.episodes.migrations.0005_default_series")
    default_series.add_default_series(apps, None)

    output = run_demo("--once")

    assert output.startswith("Demo content ready: #121 Ukraine and NATO partnership")
    assert Episode.objects.count() == 1


def test_demo_once_leaves_a_site_with_episodes_alone(demo):
    Episode.objects.filter(pk=demo.pk).update(title="Edited")

    output = run_demo("--once")

    assert output == "The site already has content; demo not loaded again.\n"
    assert Episode.objects.get().title == "Edited"


def test_editors_group_has_exactly_the_editor_permissions():
    group = staff.ensure_editors_group()

    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert granted == EDITOR_CAN


def test_editors_group_is_put_back_when_run_again():
    group = staff.ensure_editors_group()
    group.permissions.clear()

    staff.ensure_editors_group()

    assert group.permissions.count() == len(EDITOR_CAN)
    assert Group.objects.filter(name="Editors").count() == 1


def test_demo_editor_is_staff_in_editors_group_and_admin_is_superuser():
    output = run_demo("--once", "--editor")

    editor = get_user_model().objects.get(username="editor")
    admin = get_user_model().objects.get(username="admin")
    assert (editor.is_staff, editor.is_superuser) == (True, False)
    assert [group.name for group in editor.groups.all()] == ["Editors"]
    assert (admin.is_staff, admin.is_superuser) == (True, True)
    assert editor.check_password(password("editor"))
    assert admin.check_password(password("admin"))
    assert output.splitlines()[1:] == [
        f"Editor sign-in: user 'editor', password '{password('editor')}' "
        f"(kept in {settings.DATA_DIR / 'editor-password'})",
        f"Administrator sign-in: user 'admin', password '{password('admin')}' "
        f"(kept in {settings.DATA_DIR / 'admin-password'})",
    ]


def test_demo_editor_again_keeps_passwords_and_demotes_a_superuser_editor():
    run_demo("--once", "--editor")
    first = password("editor")
    get_user_model().objects.filter(username="editor").update(is_superuser=True)

    run_demo("--once", "--editor")

    editor = get_user_model().objects.get(username="editor")
    assert (editor.is_superuser, password("editor")) == (False, first)
    assert editor.check_password(first)


def test_editor_edits_content_but_not_accounts(client):
    run_demo("--once", "--editor")
    signed_in = client.post(
        reverse("admin:login"), {"username": "editor", "password": password("editor")}
    )
    assert signed_in.status_code == 302
    episode = Episode.objects.get()

    pages = {
        name: client.get(url).status_code
        for name, url in {
            "episode": reverse("admin:episodes_episode_change", args=[episode.pk]),
            "history": reverse("admin:episodes_episode_history", args=[episode.pk]),
            "import": reverse("admin:ingest_import"),
            "people": reverse("admin:people_person_changelist"),
            "transcripts": reverse("admin:transcripts_transcript_add"),
            "deleted episodes": reverse("admin:episodes_episode_recoverlist"),
            "users": reverse("admin:auth_user_changelist"),
            "groups": reverse("admin:auth_group_changelist"),
            "new series": reverse("admin:episodes_series_add"),
        }.items()
    }

    assert pages == {
        "episode": 200,
        "history": 200,
        "import": 200,
        "people": 200,
        "transcripts": 200,
        "deleted episodes": 200,
        "users": 403,
        "groups": 403,
        "new series": 403,
    }


def test_demo_on_a_site_that_imported_the_archive_adds_no_second_partner(db):
    call_command("import", str(SEED), stdout=io.StringIO())
    load_demo()

    assert list(Partnership.objects.values_list("organization__name", flat=True)) == [
        "Ukraine Crisis Media Center",
        "Ukrainian Catholic University’s analitical center",
        'NGO "Euroatlantic Course"',
    ]
