"""Writes to episodes. Admin actions, commands and imports call these."""

from django.db import transaction

from flames.episodes.models import Episode
from flames.pagecache import content_changed


@transaction.atomic
def set_status(*, episodes, status: Episode.Status) -> int:
    """Move episodes to draft, scheduled or published; returns how many moved.

    Episodes whose air time is still to come are not published (``waiting_to_air``
    names them): published, they would top "Latest episodes" with a date to come.
    """
    moving = episodes.exclude(status=status)
    if status == Episode.Status.PUBLISHED:
        moving = moving.aired()
    count = moving.update(status=status)
    # A bulk update sends no post_save, so tell the page caches directly.
    content_changed()
    return count
