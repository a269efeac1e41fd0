"""The iCalendar feed of the series' live streams, and single events to add.

Subscribed calendars replace their copy of the feed on every refresh, so it
carries every upcoming episode and those of the last ``CALENDAR_DAYS`` (60)
days, aired or called off, so an event does not vanish from readers' calendars
the moment it airs: at most ``CALENDAR_LIMIT`` (30) events, latest first. Events are in Europe/Kyiv
time with the zone's VTIMEZONE; a UID derived from the episode's primary key
keeps them stable across requests, slug edits and languages; SEQUENCE is the
episode's ``schedule_sequence``, raised whenever an editor moves, lengthens or
cancels it; a cancelled episode is sent with STATUS:CANCELLED.
"""

from datetime import UTC, date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event, Timezone

from flames.episodes.models import Episode
from flames.publishing.describe import description_text, heading
from flames.publishing.identity import episode_uuid

CONTENT_TYPE = "text/calendar; charset=utf-8"
REFRESH = timedelta(hours=1)
# Characters of the summary's first paragraph an event carries; the link has the rest.
SUMMARY_LIMIT = 300


@lru_cache(maxsize=32)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    return Timezone.from_tzid(
        tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )


def _uid(episode: Episode) -> str:
    return f"{episode_uuid(episode)}@flames"


def _event(episode: Episode, *, absolute, zone: ZoneInfo) -> Event:
    link = absolute(episode.get_absolute_url())
    event = Event()
    event.add("uid", _uid(episode))
    event.add("dtstamp", episode.updated_at.astimezone(UTC))
    event.add("created", episode.created_at.astimezone(UTC))
    event.add("last-modified", episode.updated_at.astimezone(UTC))
    event.add("sequence", episode.schedule_sequence)
    event.add("summary", heading(episode))
    event.add("dtstart", episode.air_time.astimezone(zone))
    if episode.duration and episode.duration.total_seconds() > 0:
        event.add("dtend", (episode.air_time + episode.duration).astimezone(zone))
    event.add("description", description_text(episode, link=link, limit=SUMMARY_LIMIT))
    event.add("url", link)
    event.add("location", episode.video_url or link)
    cancelled = episode.status == Episode.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def build_calendar(episodes: list[Episode], *, name: str, absolute) -> bytes:
    """An iCalendar document of ``episodes``; ``absolute`` turns paths into URLs."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Flames//UKRAINE IN FLAMES//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    timed = [episode for episode in episodes if episode.air_time]
    if timed:
        years = [episode.air_time.astimezone(zone).year for episode in timed]
        calendar.add_component(_vtimezone(settings.TIME_ZONE, min(years), max(years) + 1))
    for episode in timed:
        calendar.add_component(_event(episode, absolute=absolute, zone=zone))
    return calendar.to_ical()
