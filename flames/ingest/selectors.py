"""Reads for the import: which episode an announcement is about, and what imports wrote."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from flames.episodes.models import Appearance, Episode, Series
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.parsing import Announcement
from flames.ingest.rules import (
    ANONYMOUS_SOURCES,
    CLOSE_TITLE_RATIO,
    SAME_NUMBER_TITLE_RATIO,
    same_panel_in_order,
    titles_alike,
)


@dataclass
class EpisodeChoice:
    """The episode an announcement updates (None: a new one), why, and the doubts about
    a new one: the episodes it may duplicate."""

    episode: Episode | None
    reason: str = ""
    doubts: list[str] = field(default_factory=list)


def episode_for(
    series: Series, announcement: Announcement, source: str, people: list[int | None]
) -> EpisodeChoice:
    """The existing episode this announcement describes, on strong evidence only.

    ``people`` are the matched people in the announcement's order (None for new ones).
    Numbers repeat in the wild, so a number alone never decides; without a number, only
    the same file, a close title or most of the same panel in the same order do."""
    # New people stand in the order as nobody known (negative numbers match no one), so
    # a panel of five with two known people is not "the same panel" as those two.
    in_order = [pk if pk is not None else -index for index, pk in enumerate(people, start=1)]
    panel = [pk for pk in people if pk is not None]
    sharing = Appearance.objects.filter(person__in=panel).values("episode_id")
    if announcement.number is not None:
        candidates = _candidates(series.episodes.filter(number=announcement.number))
        choice = _strong_match(candidates, announcement, source, in_order, SAME_NUMBER_TITLE_RATIO)
        if choice.episode:
            return choice
        # An episode imported without its number, announced again with it.
        unnumbered = _candidates(series.episodes.filter(number__isnull=True, pk__in=sharing))
        choice = _strong_match(unnumbered, announcement, source, in_order, CLOSE_TITLE_RATIO)
        if choice.episode or not candidates:
            return choice
        others = ", ".join(str(episode) for episode in candidates)
        return EpisodeChoice(None, doubts=[_("another episode has this number: %s") % others])
    same_source = ImportedAnnouncement.objects.filter(source=source).values("episode_id")
    if source in ANONYMOUS_SOURCES:
        same_source = same_source.none()
    candidates = _candidates(
        series.episodes.filter(
            Q(pk__in=same_source)
            | Q(pk__in=sharing)
            | Q(pk__in=_close_titles(series, announcement))
        )
    )
    choice = _strong_match(candidates, announcement, source, in_order, CLOSE_TITLE_RATIO)
    if choice.episode:
        return choice
    doubts = []
    for episode in candidates:
        common = len(set(panel) & {a.person_id for a in episode.appearances.all()})
        if common:
            doubts.append(
                _("shares %(common)d of %(total)d speakers with %(episode)s")
                % {"common": common, "total": len(people), "episode": episode}
            )
    return EpisodeChoice(None, doubts=doubts)


def _candidates(episodes) -> list[Episode]:
    ordered = Appearance.objects.order_by("order", "id").only("episode_id", "person_id")
    return list(
        episodes.distinct()
        .order_by("id")
        .prefetch_related("announcements", Prefetch("appearances", queryset=ordered))
    )


def _close_titles(series: Series, announcement: Announcement) -> list[int]:
    # Only announcements without a number get here (a few in the archive): reading every
    # title once is cheaper than guessing which ones the database should compare.
    field_name = "title_uk" if announcement.language == "uk" else "title"
    return [
        pk
        for pk, title in series.episodes.values_list("pk", field_name)
        if titles_alike(title, announcement.title, CLOSE_TITLE_RATIO)
    ]


def _strong_match(candidates, announcement, source, panel, title_ratio) -> EpisodeChoice:
    language = announcement.language
    if source not in ANONYMOUS_SOURCES:
        for episode in candidates:
            if any(
                known.source == source and known.language == language
                for known in episode.announcements.all()
            ):
                return EpisodeChoice(episode, _("the same file was imported into it before"))
    for episode in candidates:
        title = episode.title_uk if language == "uk" else episode.title
        if titles_alike(title, announcement.title, title_ratio):
            return EpisodeChoice(episode, _("it has a similar title"))
    for episode in candidates:
        if same_panel_in_order(panel, [a.person_id for a in episode.appearances.all()]):
            return EpisodeChoice(episode, _("most of its panel is the same, in the same order"))
    return EpisodeChoice(None)


def written_before(episode: Episode) -> dict:
    """What earlier imports wrote on ``episode``, the latest value of each field; the
    panel as {person id: {field: value}}."""
    written = {"panel": {}}
    for record in episode.announcements.order_by("imported_at", "id"):
        for name, value in record.written.items():
            if name == "panel":
                for person, values in value.items():
                    written["panel"].setdefault(person, {}).update(values)
            else:
                written[name] = value
    return written
