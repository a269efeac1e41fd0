"""Reads of series, episodes and topics for pages. Views call these, never the ORM."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone

from flames import query_values
from flames.episodes.models import Appearance, Episode, Partnership, Series, Topic
from flames.people.models import Person
from flames.support.models import CallToAction
from flames.transcripts.selectors import has_transcript, transcripts_for_page

EPISODES_PER_PAGE = 24
LATEST_ON_HOME = 6
# A busy topic has had a thousand speakers: its page names those heard most often.
TOPIC_SPEAKERS = 24


def main_series() -> Series | None:
    """The series pages describe and new episodes join: the first, as a site has one."""
    return Series.objects.first()


def current_series() -> Series:
    series = main_series()
    if series is None:
        raise Http404("No series yet")
    return series


def _panel() -> Prefetch:
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.select_related("person").order_by("order", "id"),
    )


def with_speakers(episodes):
    """Attach the series, the panel (in announced order) and topics: three extra queries."""
    return episodes.select_related("series").prefetch_related(_panel(), "topics")


def list_items(episodes):
    """``episodes`` reading only the columns a list item shows (the ``episode_item`` tag)."""
    return episodes.only("slug", "title", "title_uk", "number", "status", "air_time")


def with_speaker_names(episodes: list[Episode]) -> list[Episode]:
    """Give each episode ``speaker_names``, its panel's names in announced order, for the
    one line a list item shows.

    One query of bare names: loading every appearance and person as objects made list
    pages measurably slower (bench/README.md, *Figures behind the code*). The static
    export, which learns what a page shows from the objects it loads, needs no record of
    these: people are ordered by name, so renaming one is a change after which it
    renders every page again.
    """
    names = defaultdict(list)
    panels = (
        Appearance.objects.filter(episode__in=[episode.pk for episode in episodes])
        .order_by("episode", "order", "id")
        .values_list("episode_id", "person__name")
    )
    for episode_id, name in panels:
        names[episode_id].append(name)
    for episode in episodes:
        episode.speaker_names = names[episode.pk]
    return episodes


def list_page(episodes, page_number) -> Page:
    """One page of ``episodes`` as list items with their speakers' names (three queries:
    the count, the page, the names)."""
    page = Paginator(list_items(episodes), EPISODES_PER_PAGE).get_page(page_number)
    page.object_list = with_speaker_names(list(page.object_list))
    return page


def home_episodes(limit: int = LATEST_ON_HOME) -> tuple[Episode | None, list[Episode]]:
    """The next upcoming episode and the latest published ones, their speakers read together."""
    upcoming = list_items(Episode.objects.upcoming()).order_by("air_time", "id").first()
    latest = list(list_items(Episode.objects.published().newest_first())[:limit])
    with_speaker_names([*latest, upcoming] if upcoming else latest)
    return upcoming, latest


def waiting_to_air(episodes) -> list[Episode]:
    """Of ``episodes``, those ``services.set_status`` will not publish: their air time is
    still to come."""
    return list(episodes.exclude(status=Episode.Status.PUBLISHED).airing_later())


def partners_on(series: Series, day=None) -> list[Partnership]:
    day = day or timezone.localdate()
    return list(series.partnerships.on(day).select_related("organization"))


def all_partnerships(series: Series) -> list[Partnership]:
    return list(series.partnerships.select_related("organization"))


@dataclass(frozen=True)
class EpisodeFilters:
    topic: Topic | None
    year: int | None


def episode_filters(*, topic_slug: str, year: str) -> EpisodeFilters:
    topic = Topic.objects.filter(slug=topic_slug).first() if topic_slug else None
    return EpisodeFilters(topic=topic, year=query_values.year(year))


def episode_page(*, filters: EpisodeFilters, page_number) -> Page:
    episodes = Episode.objects.published().newest_first()
    if filters.topic:
        episodes = episodes.filter(topics=filters.topic)
    if filters.year:
        episodes = episodes.filter(air_time__year=filters.year)
    return list_page(episodes, page_number)


def archive_years() -> list[int]:
    """Years from the first to the latest broadcast, newest first.

    Two index probes instead of extracting the year of every episode: the series
    has aired every year since it began. MIN and MAX go in separate queries because
    SQLite answers either alone from the (status, air_time) index, but both
    together only by reading every published episode.
    """
    published = Episode.objects.published()
    first = published.aggregate(first=Min("air_time"))["first"]
    if first is None:
        return []
    last = published.aggregate(last=Max("air_time"))["last"]
    first, last = timezone.localtime(first).year, timezone.localtime(last).year
    return list(range(last, first - 1, -1))


def _has_published_episode():
    return Exists(
        Episode.topics.through.objects.filter(
            topic=OuterRef("pk"), episode__status=Episode.Status.PUBLISHED
        )
    )


def topics_in_use() -> list[Topic]:
    """Topics with at least one published episode (one index probe per topic)."""
    return list(Topic.objects.filter(_has_published_episode()).order_by("name"))


def topics_with_counts() -> list[Topic]:
    """Topics with published episodes, each with ``episode_count``.

    The links are counted from two covering indexes (the links', the episodes' status);
    joining each link to its episode row read every tagged episode in full, four times as
    slow.
    """
    published = Episode.objects.published().values("pk")
    counts = dict(
        Episode.topics.through.objects.filter(episode__in=published)
        .values("topic")
        .annotate(count=Count("*"))
        .values_list("topic", "count")
    )
    topics = list(Topic.objects.filter(pk__in=counts).order_by("name"))
    for topic in topics:
        topic.episode_count = counts[topic.pk]
    return topics


def episode_for_reader(*, slug: str, can_preview: bool) -> Episode:
    """An episode page's episode, or 404. Editors may preview unpublished ones."""
    episodes = Episode.objects.all() if can_preview else Episode.objects.public()
    episodes = with_speakers(episodes).annotate(has_transcript=has_transcript())
    try:
        episode = episodes.get(slug=slug)
    except Episode.DoesNotExist:
        raise Http404("No such episode") from None
    if episode.has_transcript:
        prefetch_related_objects([episode], transcripts_for_page())
    return episode


def neighbours(episode: Episode) -> tuple[Episode | None, Episode | None]:
    """The published episodes just before and after this one, in air order."""
    if episode.air_time is None:
        return None, None
    published = Episode.objects.published().only("slug", "title", "title_uk", "number", "air_time")
    at, pk = episode.air_time, episode.pk
    # The air time gets a bound of its own (lte/gte), ties broken by id inside: SQLite
    # seeks the (status, air_time) index only with such a bound, and reads every
    # published episode for the equivalent "earlier, or as early with a lower id".
    earlier = published.filter(Q(air_time__lt=at) | Q(id__lt=pk), air_time__lte=at)
    later = published.filter(Q(air_time__gt=at) | Q(id__gt=pk), air_time__gte=at)
    return earlier.order_by("-air_time", "-id").first(), later.order_by("air_time", "id").first()


def calls_to_action_for(episode: Episode) -> list[CallToAction]:
    day = episode.air_date or timezone.localdate()
    return list(
        CallToAction.objects.active(day)
        .filter(Q(series=episode.series_id) | Q(episodes=episode))
        .select_related("organization")
        .distinct()
    )


def topic_by_slug(slug: str) -> Topic:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404("No such topic")
    return topic


def frequent_speakers_on(topic: Topic) -> list[Person]:
    """The people heard most often on ``topic``, with ``topic_episodes``: how often."""
    return list(
        Person.objects.filter(
            appearances__episode__topics=topic,
            appearances__episode__status=Episode.Status.PUBLISHED,
        )
        .annotate(topic_episodes=Count("appearances__episode", distinct=True))
        .order_by("-topic_episodes", "sort_name", "name")[:TOPIC_SPEAKERS]
    )
