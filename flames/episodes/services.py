"""Writes to episodes. Admin actions, commands and imports call these."""

from collections.abc import Sequence

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from flames import changes
from flames.episodes.models import Appearance, Episode, Partnership, Series
from flames.people.models import Organization, Person, Withdrawal
from flames.people.protection import protection_comment, withdrawn
from flames.values.slugs import unique_slug

# Changing any of these changes the event in readers' calendars (RFC 5545 §3.8.7.4).
_SCHEDULE_FIELDS = ("air_time", "duration", "status")


def episode_slug(*, number: int | None, title: str, instance: Episode | None = None) -> str:
    """The address of an episode, made the same way in the back office and by imports:
    number and title ("122-sanctions-one-year-on"), unique among other episodes."""
    label = f"{number} {title}" if number else title
    return unique_slug(Episode, label, instance=instance)


def default_series() -> Series:
    """The series new episodes belong to: the first one, or a new "Ukraine in Flames"."""
    series = Series.objects.first()
    if series is None:
        series = Series.objects.create(
            title="Ukraine in Flames", slug="ukraine-in-flames", mission=""
        )
    return series


def save_episode(*, episode: Episode, fields: list[str] | None = None) -> None:
    """Save a new or changed episode (only ``fields``, when given)."""
    episode.save(update_fields=fields)


def write_panel(
    *,
    episode: Episode,
    changed: Sequence[Appearance] = (),
    added: Sequence[Appearance] = (),
    dropped: Sequence[int] = (),
) -> None:
    """Save the panel's ``changed`` appearances, insert the ``added`` ones together and take
    the people with ids in ``dropped`` off it."""
    for appearance in changed:
        appearance.save()
    Appearance.objects.bulk_create(added)
    if added:
        # A bulk insert sends no post_save.
        changes.announce(Appearance, [episode.pk])
    if dropped:
        Appearance.objects.filter(episode=episode, person__in=dropped).delete()


def add_partner(*, series: Series, organization: Organization) -> None:
    """Record ``organization`` as a partner of ``series`` once."""
    Partnership.objects.get_or_create(series=series, organization=organization)


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


def take_over_appearances(*, survivor: Person, duplicate: Person, **signal) -> None:
    """On ``person_merged``: the duplicate's appearances become the survivor's, except on
    episodes the survivor was already on."""
    survivor_episodes = set(survivor.appearances.values_list("episode_id", flat=True))
    for appearance in Appearance.objects.filter(person=duplicate):
        if appearance.episode_id in survivor_episodes:
            appearance.delete()
        else:
            appearance.person = survivor
            appearance.save(update_fields=["person"])


def take_over_partnerships(*, survivor: Organization, duplicate: Organization, **signal) -> None:
    """On ``organization_merged``: the duplicate's partnerships become the survivor's,
    except with series the survivor already partners."""
    series = set(survivor.partnerships.values_list("series_id", flat=True))
    for partnership in Partnership.objects.filter(organization=duplicate):
        if partnership.series_id in series:
            partnership.delete()
        else:
            partnership.organization = survivor
            partnership.save(update_fields=["organization"])


def count_schedule_changes(sender, instance: Episode, raw=False, **kwargs) -> None:
    """On an episode's ``pre_save``: raise ``schedule_sequence`` when an editor moves,
    lengthens or cancels it.

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


def speaker_label(appearance: Appearance) -> str:
    """Who an appearance is, as the back office names it: the name shown when it is
    protected, else the person (whose own name is hidden when they are protected)."""
    return appearance.shown_name if appearance.is_protected else str(appearance.person)


@transaction.atomic
def withdraw_appearances(*, appearances: list[Appearance], reason: Withdrawal) -> int:
    """Take ``appearances`` off their episodes' panels, and every output, for
    ``reason``; those already withdrawn keep the day they were. Returns how many.

    In an editor's revision, the episodes are kept too: their history is where editors
    look for what happened to a panel."""
    now = timezone.now()
    for appearance in appearances:
        appearance.withdrawn_at = appearance.withdrawn_at or now
        appearance.withdrawal_reason = reason
        appearance.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    if appearances and reversion.is_active():
        for appearance in appearances:
            reversion.add_to_revision(appearance.episode)
        speakers = ", ".join(speaker_label(appearance) for appearance in appearances)
        reversion.set_comment(protection_comment([withdrawn(reason)], of=speakers))
    return len(appearances)
