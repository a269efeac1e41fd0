"""Reads of series, episodes and topics for pages. Views call these, never the ORM."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language

from flames.episodes.models import (
    Appearance,
    Episode,
    Partnership,
    Series,
    Topic,
    identified_appearances,
    public_episodes,
    published_episodes,
)
from flames.people.models import Organization, Person, Showing
from flames.values import query_values

EPISODES_PER_PAGE = 24
LATEST_ON_HOME = 6
# A busy topic has had a thousand speakers: its page names those heard most often.
TOPIC_SPEAKERS = 24


def current_series() -> Series | None:
    """The series pages describe and new episodes join: the first, as a site has one."""
    return Series.objects.first()


def _panel() -> Prefetch:
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.shown().select_related("person").order_by("order", "id"),
    )


def with_speakers(episodes):
    """Attach the series, the panel (its shown appearances, in announced order) and topics:
    three extra queries."""
    return episodes.select_related("series").prefetch_related(_panel(), "topics")


def list_items(episodes):
    """``episodes`` reading only the columns a list item shows (the ``episode_item`` tag)."""
    return episodes.only("slug", "title", "title_uk", "number", "status", "air_time")


def with_speaker_names(episodes: list[Episode]) -> list[Episode]:
    """Give each episode ``speaker_names``, its panel's names as readers see them, in
    announced order, for the one line a list item shows.

    One query of bare names: loading every appearance and person as objects made list
    pages measurably slower (bench/README.md, *Figures behind the code*; with the
    protection's fields, five times this query). The static export, which learns what a
    page shows from the objects it loads, has no record of these: people are ordered by
    name and ``shown_as`` is a choice, so renaming a person or changing how a speaker is
    shown renders every page again. Editing a shown name alone (a text field) must too.
    """
    names = defaultdict(list)
    panels = (
        Appearance.objects.shown()
        .filter(episode__in=[episode.pk for episode in episodes])
        .order_by("episode", "order", "id")
        .values_list("episode_id", _speaker_name())
    )
    for episode_id, name in panels:
        names[episode_id].append(name)
    for episode in episodes:
        episode.speaker_names = names[episode.pk]
    return episodes


def _speaker_name() -> Case:
    """``appearance.speaker.name`` in the database, in the reader's language: the
    appearance's shown name when it protects the speaker, else the person's when they
    are protected, else the person's name. (A test holds the two to the same answers.)"""
    return Case(
        When(~Q(shown_as=Showing.FULL_NAME), then=_localized("shown_name")),
        When(~Q(person__shown_as=Showing.FULL_NAME), then=_localized("person__shown_name")),
        default=F("person__name"),
    )


def _localized(field: str) -> Expression:
    """``flames.values.localized.localized`` in the database."""
    if get_language() == "uk":
        return Coalesce(NullIf(F(f"{field}_uk"), Value("")), F(field))
    return F(field)


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
        Episode.topics.through.objects.filter(published_episodes("episode__"), topic=OuterRef("pk"))
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


def episode_for_reader(
    *, slug: str, can_preview: bool, annotations: dict[str, Expression] | None = None
) -> Episode | None:
    """An episode page's episode, or None. Editors may preview unpublished ones.

    ``annotations`` come from the apps above this one (whether the episode has a
    transcript), read in the same query."""
    episodes = Episode.objects.all() if can_preview else Episode.objects.public()
    episodes = with_speakers(episodes).annotate(**(annotations or {}))
    return episodes.filter(slug=slug).first()


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


def topic_by_slug(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def frequent_speakers_on(topic: Topic) -> list[Person]:
    """The people heard most often on ``topic`` under their own name, with
    ``topic_episodes``: how often (a protected appearance neither names nor counts)."""
    return list(
        Person.objects.filter(
            identified_appearances("appearances__"),
            published_episodes("appearances__episode__"),
            appearances__episode__topics=topic,
        )
        .annotate(topic_episodes=Count("appearances__episode", distinct=True))
        .order_by("-topic_episodes", "sort_name", "name")[:TOPIC_SPEAKERS]
    )


def directory_letters() -> list[str]:
    """Initials of the people in the directory who appear under their own name in at
    least one public episode, in order."""
    # One index probe per person: a join would pair every person with every appearance.
    # (The statuses, not Episode.objects.public() as a subquery: with that, SQLite would
    # check every public episode for every person.)
    public = Appearance.objects.filter(
        identified_appearances(), public_episodes("episode__"), person=OuterRef("pk")
    )
    letters = (
        Person.objects.directory()
        .filter(Exists(public))
        .values_list("initial", flat=True)
        .distinct()
        .order_by("initial")
    )
    return list(letters)


def directory(letter: str) -> list[Person]:
    """People of the directory under ``letter`` who appear under their own name in public
    episodes, each with ``appearance_count``: how often (protected appearances not
    counted).

    Counted from indexes, without reading the episode rows; the two subqueries keep SQLite
    from probing every pair of a person and a public episode."""
    under_letter = Person.objects.directory().filter(initial=letter).values("pk")
    public = Episode.objects.public().values("pk")
    counts = dict(
        Appearance.objects.identified()
        .filter(person__in=under_letter, episode__in=public)
        .values("person")
        .annotate(count=Count("*"))
        .values_list("person", "count")
    )
    people = list(Person.objects.filter(pk__in=counts).directory())
    for person in people:
        person.appearance_count = counts[person.pk]
    return people


def appearances_of(person: Person, page_number) -> Page:
    """The public episodes this person was on under their own name, newest first, as
    announced there (a protected appearance is not theirs to the public)."""
    appearances = (
        Appearance.objects.identified()
        .filter(public_episodes("episode__"), person=person)
        .select_related("episode")
        # The database sorts every appearance before it can cut a page: without the
        # summaries, the rows it sorts are a fraction of the size.
        .only(
            # What ``appearance.speaker`` reads of an appearance.
            "part",
            "shown_as",
            "shown_name",
            "shown_name_uk",
            "show_organization",
            "show_portrait",
            "announced_as",
            "announced_as_uk",
            "announced_title",
            "announced_title_uk",
            "person",
            "episode__number",
            "episode__title",
            "episode__title_uk",
            "episode__slug",
            "episode__status",
            "episode__air_time",
        )
        .order_by(F("episode__air_time").desc(nulls_last=True), "-episode__number", "-episode_id")
    )
    page = Paginator(appearances, EPISODES_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    for appearance in page.object_list:
        appearance.person = person  # read already: the speaker needs no query of it
    return page


def episodes_with_people_of(organization: Organization, page_number) -> Page:
    # A subquery rather than a join: joining through appearances and positions repeats
    # each episode and needs DISTINCT, which makes the database sort the whole join.
    speakers_there = Appearance.objects.identified().filter(
        person__positions__organization=organization
    )
    episodes = (
        Episode.objects.published()
        .filter(pk__in=speakers_there.values("episode_id"))
        .newest_first()
    )
    return list_page(episodes, page_number)


def protected_appearances() -> list[Appearance]:
    """Appearances protected or withdrawn on their own (a protected person's are
    reviewed with the person): the editors' review, newest episodes first."""
    appearances = Appearance.objects.filter(
        ~Q(shown_as=Showing.FULL_NAME) | Q(withdrawn_at__isnull=False)
    )
    return list(
        appearances.select_related("episode", "person").order_by(
            F("episode__air_time").desc(nulls_last=True), "episode_id", "order", "id"
        )
    )
