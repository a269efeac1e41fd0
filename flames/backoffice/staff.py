"""Who works in the back office: editors, who keep the content, and administrators.

What an editor may do is said here, once. The "Editors" group gets exactly these
permissions whenever ``ensure_editors_group`` runs, so running it again repairs a group
changed by hand. Editors add, change and delete content; the series' texts and partners
they change, but adding or deleting a whole series is left to administrators, as are
accounts, groups, sessions and the admin's log. Reverting or recovering a revision
needs no permission of its own: django-reversion asks for the change (or add)
permission of the row restored. Importing an announcement asks for
``episodes.add_episode``.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

EDITORS = "Editors"
ACTIONS = ("add", "change", "delete", "view")


def _every_action(app_label: str, *models: str) -> list[str]:
    return [f"{app_label}.{action}_{model}" for model in models for action in ACTIONS]


EDITOR_PERMISSIONS = [
    *_every_action("episodes", "episode", "appearance", "topic", "partnership"),
    "episodes.change_series",
    "episodes.view_series",
    *_every_action(
        "people", "person", "personname", "position", "organization", "organizationname"
    ),
    *_every_action("support", "calltoaction"),
    *_every_action("transcripts", "transcript"),
    # Marking an import's notes reviewed; the announcements themselves are read-only.
    "ingest.change_importedannouncement",
    "ingest.view_importedannouncement",
    # Not "people.view_real_name": the real names of protected speakers are for the
    # users an administrator trusts with them, one by one.
]


@transaction.atomic
def ensure_editors_group() -> Group:
    """The Editors group with exactly ``EDITOR_PERMISSIONS``, created if missing."""
    wanted = Q()
    for name in EDITOR_PERMISSIONS:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(wanted))
    if len(permissions) != len(EDITOR_PERMISSIONS):
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        missing = ", ".join(sorted(set(EDITOR_PERMISSIONS) - found))
        raise LookupError(f"Permissions missing from the database (migrate first): {missing}")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)
    return group


@transaction.atomic
def ensure_account(*, username: str, administrator: bool) -> str | None:
    """A back-office account: an administrator is a superuser, anyone else an editor
    in the Editors group and nothing more. Returns the password of a new account
    (None when the account already existed; its password is left as it is)."""
    user, created = get_user_model().objects.get_or_create(username=username)
    password = secrets.token_urlsafe(12) if created else None
    if password:
        user.set_password(password)
    user.is_staff = True
    user.is_superuser = administrator
    user.save()
    user.groups.set([] if administrator else [ensure_editors_group()])
    return password
