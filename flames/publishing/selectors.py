"""Reads for feeds, calendars, sitemaps and embeds.

Every list here starts from the episode visibility rule in
``EpisodeQuerySet`` (``published()``, ``public()``, ``cancelled()``) and loads
speakers and topics with a fixed number of queries, so a feed costs the same
whether the archive holds ten episodes or ten thousand.
"""

from datetime import datetime, time, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from flames.episodes.models import Appearance, Episode, Topic, identified_appearances
from flames.episodes.selectors import with_speakers
from flames.people.models import Organization, Person
from flames.support.models import CallToAction
from flames.transcripts.selectors import transcript_links

# Feeds carry the newest items only (ten weeks of a series airing three times a week);
# readers that want more use the archive pages, and each item costs a feed rendering time.
FEED_LIMIT = 30
# The calendar carries every upcoming episode and those of the last CALENDAR_DAYS days
# (so an event does not vanish from readers' calendars the moment it airs), at most
# CALENDAR_LIMIT events, latest first: about 26 at three episodes a week.
CALENDAR_DAYS = 60
CALENDAR_LIMIT = 30


def feed_episodes(*, topic: Topic | None = None, person: Person | None = None) -> list[Episode]:
    """The newest published episodes, optionally on a topic or with a person: those
    where the person appears by their name, never under a protected one."""
    episodes = Episode.objects.published()
    if topic is not None:
        episodes = episodes.filter(topics=topic)
    if person is not None:
        # One filter(): the appearance identified is the person's own.
        episodes = episodes.filter(
            identified_appearances("appearances__"), appearances__person=person
        )
    return list(with_speakers(episodes.newest_first())[:FEED_LIMIT])


def latest_airing():
    """The latest air time of a published episode that has come: it moves when an episode
    published ahead of its air time airs and joins the feeds, though nothing was edited."""
    return Episode.objects.published().aggregate(latest=Max("air_time"))["latest"]


def podcast_episodes() -> list[Episode]:
    """The newest published episodes that have a media file for podcast apps, with the
    languages of their transcripts."""
    episodes = Episode.objects.published().exclude(media_url="").newest_first()
    return list(with_speakers(episodes).prefetch_related(transcript_links())[:FEED_LIMIT])


def _on_calendar():
    return (Episode.objects.public() | Episode.objects.cancelled()).exclude(air_time=None)


def calendar_episodes() -> list[Episode]:
    """Episodes announced, aired or called off since CALENDAR_DAYS days ago, latest first.

    The window starts at a Kyiv midnight, so the list changes with the date only
    once a day; it also keeps the query on the air-time index, instead of sorting
    the whole archive.
    """
    today = timezone.localdate()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=CALENDAR_DAYS), time.min))
    episodes = _on_calendar().filter(air_time__gte=since).order_by("-air_time", "-id")
    return list(with_speakers(episodes)[:CALENDAR_LIMIT])


def calendar_episode(slug: str) -> Episode | None:
    return with_speakers(_on_calendar()).filter(slug=slug).first()


def person_for_feed(slug: str) -> Person | None:
    """The person of a feed's address when they have a page: the view answers a
    withdrawn person differently from one that never was."""
    return Person.objects.with_page().filter(slug=slug).first()


def public_episode(slug: str) -> Episode | None:
    return Episode.objects.public().select_related("series").filter(slug=slug).first()


def donation_for(series) -> CallToAction | None:
    """The donation call to action active today, if it has a link."""
    return (
        CallToAction.objects.active()
        .filter(Q(series=series), kind=CallToAction.Kind.DONATION)
        .exclude(url="")
        .select_related("organization")
        .first()
    )


def sitemap_episodes():
    return Episode.objects.public().order_by("id")


def sitemap_people():
    """People of the directory named on at least one public episode (a person who
    refused the directory keeps a page, reachable from their episodes only).

    ``pk IN (…)`` rather than a join with DISTINCT or a correlated EXISTS, the fastest
    of the three on SQLite (bench/README.md, *Figures behind the code*).
    """
    on_public = Appearance.objects.identified().filter(episode__in=Episode.objects.public())
    return Person.objects.directory().filter(pk__in=on_public.values("person_id")).order_by("id")


def sitemap_organizations():
    return Organization.objects.order_by("id")


def sitemap_topics():
    topics = Topic.objects.filter(episodes__in=Episode.objects.published())
    return topics.distinct().order_by("id")
