"""Writes to episodes. Admin actions, commands and imports call these."""

from django.db import transaction

from flames.episodes.models import Episode
from flames.pagecache import content_changed
from flames.slugs import unique_slug


def episode_slug(*, number: int | None, title: str, instance: Episode | None = None) -> str:
    """The address of an episode, made the same way in the back office and by imports:
    number and title ("122-sanctions-one-year-on"), unique among other episodes."""
    label = f"{number} {title}" if number else title
    return unique_slug(Episode, label, instance=instance)


@transaction.atomic
def set_status(*, episodes, status: Episode.Status) -> int:
    """Move episodes to draft, scheduled or published; returns how many moved."""
    count = episodes.exclude(status=status).update(status=status)
    # A bulk update sends no post_save, so tell the page caches directly.
    content_changed()
    return count
