"""Writes to episodes. Admin actions, commands and imports call these."""

import reversion
from django.db import transaction
from django.utils.translation import gettext as _

from flames import changes
from flames.episodes.models import Episode
from flames.slugs import unique_slug


def episode_slug(*, number: int | None, title: str, instance: Episode | None = None) -> str:
    """The address of an episode, made the same way in the back office and by imports:
    number and title ("122-sanctions-one-year-on"), unique among other episodes."""
    label = f"{number} {title}" if number else title
    return unique_slug(Episode, label, instance=instance)


@transaction.atomic
def set_status(*, episodes, status: Episode.Status) -> int:
    """Move episodes to draft, scheduled or published; returns how many moved.

    Episodes whose air time is still to come are not published (``waiting_to_air``
    names them): published, they would top "Latest episodes" with a date to come.
    """
    moving = episodes.exclude(status=status)
    if status == Episode.Status.PUBLISHED:
        moving = moving.aired()
    moving = list(moving.values_list("pk", flat=True))
    count = Episode.objects.filter(pk__in=moving).update(status=status)
    # A bulk update sends no post_save, so announce it, and keep the new status in the
    # revision an editor's action is recorded in.
    changes.announce(Episode, moving)
    if reversion.is_active():
        for episode in Episode.objects.filter(pk__in=moving):
            reversion.add_to_revision(episode)
        reversion.set_comment(
            _("Status changed to %(status)s.") % {"status": Episode.Status(status).label}
        )
    return count
