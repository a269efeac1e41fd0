"""Keep what calendar apps need to notice a change up to date."""

from flames.episodes.models import Episode

# Changing any of these changes the event in readers' calendars (RFC 5545 §3.8.7.4).
_SCHEDULE_FIELDS = ("air_time", "duration", "status")


def count_schedule_changes(sender, instance: Episode, raw=False, **kwargs) -> None:
    """Raise ``schedule_sequence`` when an editor moves, lengthens or cancels an episode.

    The calendar sends it as SEQUENCE; clients keep their old copy of an event
    unless the number goes up.
    """
    if raw or instance.pk is None:
        return
    before = (
        Episode.objects.filter(pk=instance.pk)
        .values("schedule_sequence", *_SCHEDULE_FIELDS)
        .first()
    )
    if before is None:
        return
    cancelled = Episode.Status.CANCELLED
    status_matters = (before["status"] == cancelled) != (instance.status == cancelled)
    if (
        before["air_time"] != instance.air_time
        or before["duration"] != instance.duration
        or status_matters
    ):
        instance.schedule_sequence = before["schedule_sequence"] + 1
