"""Importing announcements: parsed text becomes episodes, people, roles, partners and
calls to action. ``plan_import`` only reads; ``apply_plan`` writes, atomically."""

import hashlib
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q

from flames.episodes.models import Appearance, Episode, Partnership, Series
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.parsing import Announcement, parse_announcement
from flames.people import services as people
from flames.people.models import Person, Position
from flames.people.names import Match, compare_names, organization_key
from flames.people.selectors import PersonMatch, match_people, match_person
from flames.slugs import unique_slug
from flames.support.models import CallToAction

# Below this similarity two titles with the same number are two different episodes.
SAME_TITLE_RATIO = 0.6
DEFAULT_CTA_TITLES = {
    "recommendations": "Recommendations on how to support Ukraine",
    "donation": "Donate to support Ukraine",
}


class UnstorableAnnouncement(ValueError):
    """An announcement that parses but cannot be stored; one line saying why."""


@dataclass
class SpeakerPlan:
    name: str
    announced_as: str
    roles: tuple
    match: PersonMatch


@dataclass
class ImportPlan:
    source: str
    text: str
    digest: str
    announcement: Announcement
    episode: Episode | None  # the episode this text updates, if any
    unchanged: bool
    speakers: list[SpeakerPlan] = field(default_factory=list)
    series: Series | None = None  # None before the first import

    @property
    def action(self) -> str:
        if self.unchanged:
            return "unchanged"
        return "updated" if self.episode else "created"


@dataclass
class ImportResult:
    source: str
    action: str  # created, updated, unchanged
    episode: Episode
    matched: int = 0  # speakers linked to people already in the directory
    new_people: int = 0
    review: int = 0  # new people flagged because they resemble someone


def digest_of(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def plan_import(*, text: str, source: str) -> ImportPlan:
    """Parse ``text`` and decide what importing it would do. Writes nothing.

    Raises ``AnnouncementError`` (from the parser) or ``UnstorableAnnouncement``.
    """
    announcement = parse_announcement(text)
    if len(announcement.title) > Episode._meta.get_field("title").max_length:
        raise UnstorableAnnouncement("title is longer than 300 characters")
    digest = digest_of(text)
    known = ImportedAnnouncement.objects.select_related("episode").filter(digest=digest).first()
    if known:
        return ImportPlan(source, text, digest, announcement, known.episode, unchanged=True)
    matches = match_people([speaker.name for speaker in announcement.speakers])
    speakers = [
        SpeakerPlan(speaker.name, speaker.announced_as, speaker.roles, match)
        for speaker, match in zip(announcement.speakers, matches, strict=True)
    ]
    series = Series.objects.first()
    episode = _episode_to_update(series, announcement, source, speakers) if series else None
    if episode:
        speakers = [_prefer_panel(episode, speaker) for speaker in speakers]
    return ImportPlan(source, text, digest, announcement, episode, False, speakers, series)


def _episode_to_update(series, announcement, source, speakers) -> Episode | None:
    """The existing episode this announcement describes, if any.

    Numbers repeat in the wild, so the number alone never decides: an announcement
    updates an episode with its number when it came from the same file, when the
    titles are alike in the same language, or, in the other language, when most of
    the panel is the same people (a translation).
    """
    matched = {speaker.match.person.pk for speaker in speakers if speaker.match.person}
    # Same number, or no number on one side and some of the same people on the panel.
    sharing_panel = Q(appearances__person__in=matched)
    if announcement.number is not None:
        wanted = Q(number=announcement.number) | (Q(number__isnull=True) & sharing_panel)
    else:
        wanted = Q(number__isnull=True) | sharing_panel
    candidates = list(
        Episode.objects.filter(wanted, series=series)
        .distinct()
        .order_by("id")
        .prefetch_related("announcements", "appearances")
    )
    for episode in candidates:
        if any(
            known.source == source and known.language == announcement.language
            for known in episode.announcements.all()
        ):
            return episode
    for episode in candidates:
        title = episode.title_uk if announcement.language == "uk" else episode.title
        if title and _alike(title, announcement.title):
            return episode
    for episode in candidates:
        panel = {appearance.person_id for appearance in episode.appearances.all()}
        if panel and len(matched & panel) * 2 >= len(panel):
            return episode
    return None


def _alike(a: str, b: str) -> bool:
    return SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= SAME_TITLE_RATIO


def _prefer_panel(episode: Episode, speaker: SpeakerPlan) -> SpeakerPlan:
    """On an update, a name that fits someone already on this episode's panel is them.

    This keeps an editor's merges and corrections when an announcement is imported again.
    """
    for appearance in episode.appearances.select_related("person").prefetch_related(
        "person__names"
    ):
        spellings = [spelling.name for spelling in appearance.person.names.all()]
        if any(compare_names(speaker.name, known) == Match.SAME for known in spellings):
            speaker.match = PersonMatch(speaker.name, appearance.person)
    return speaker


@transaction.atomic
def apply_plan(plan: ImportPlan, *, status: str = Episode.Status.PUBLISHED) -> ImportResult:
    """Store what ``plan`` describes. All of it, or nothing."""
    if plan.unchanged:
        return ImportResult(plan.source, "unchanged", plan.episode)
    announcement = plan.announcement
    series = (
        plan.series
        or Series.objects.first()
        or Series.objects.create(title="Ukraine in Flames", slug="ukraine-in-flames", mission="")
    )
    result = ImportResult(plan.source, plan.action, None)
    episode = plan.episode or _new_episode(series, announcement, status)
    _write_texts(episode, announcement, created=plan.episode is None)
    result.episode = episode
    leads_panel = plan.episode is None or episode.language == announcement.language
    people_in_order = [(_person_for(speaker, result), speaker) for speaker in plan.speakers]
    # A translation's roles repeat the positions in another language.
    if leads_panel:
        people.add_positions(_positions(people_in_order))
    _write_panel(
        episode,
        people_in_order,
        language=announcement.language,
        leads=leads_panel,
        created=plan.episode is None,
    )
    _ensure_partners(series, announcement.partners)
    _ensure_calls_to_action(series, announcement.calls_to_action)
    # One statement, and no error when the same text was stored between planning and
    # applying (two editors importing it at once): the record follows the later import.
    ImportedAnnouncement.objects.bulk_create(
        [
            ImportedAnnouncement(
                digest=plan.digest,
                episode=episode,
                language=announcement.language,
                source=plan.source[:500],
                text=plan.text,
            )
        ],
        update_conflicts=True,
        unique_fields=["digest"],
        update_fields=["episode", "language", "source", "text", "imported_at"],
    )
    return result


def _positions(people_in_order) -> list[Position]:
    # In order of appearance, so new organizations are created in a repeatable order.
    names = [role.organization for _, speaker in people_in_order for role in speaker.roles]
    organizations = people.organizations_named(dict.fromkeys(name for name in names if name))
    positions = []
    for person, speaker in people_in_order:
        for role in speaker.roles:
            name = role.organization
            positions.append(
                Position(
                    person=person,
                    title=role.title,
                    organization=organizations[name] if name else None,
                    start_year=role.start_year,
                    end_year=role.end_year,
                )
            )
    return positions


def _new_episode(series, announcement, status) -> Episode:
    label = announcement.title
    if announcement.number:
        label = f"{announcement.number} {label}"
    return Episode(
        series=series,
        number=announcement.number,
        slug=unique_slug(Episode, label),
        status=status,
        language=announcement.language,
    )


def _write_texts(episode: Episode, announcement: Announcement, *, created: bool) -> None:
    if episode.number is None:
        episode.number = announcement.number
    if announcement.language == "uk":
        # The English fields are required; a Ukrainian-only episode shows its own text
        # there until an English announcement arrives.
        if created or episode.title == episode.title_uk:
            episode.title, episode.summary = announcement.title, announcement.summary
        episode.title_uk, episode.summary_uk = announcement.title, announcement.summary
    else:
        episode.title, episode.summary = announcement.title, announcement.summary
    episode.save()


def _person_for(speaker: SpeakerPlan, result: ImportResult) -> Person:
    match = speaker.match
    if match.person:
        result.matched += 1
        if not match.spelling_known:
            people.add_spelling(person=match.person, name=speaker.name)
        return match.person
    result.new_people += 1
    if match.similar:
        result.review += 1
    person = people.create_person(name=speaker.name, needs_review=bool(match.similar))
    # Later speakers in the same import find this person like any other.
    speaker.match = PersonMatch(speaker.name, person)
    return person


def _write_panel(episode, people_in_order, *, language: str, leads: bool, created: bool) -> None:
    """Record who spoke as announced. The announcement in the episode's own language
    decides the panel; one in the other language only adds its wording of the roles."""
    role_field = "announced_as_uk" if language == "uk" else "announced_as"
    existing = {}
    if not created:
        existing = {appearance.person_id: appearance for appearance in episode.appearances.all()}
    seen, new = set(), []
    for order, (person, speaker) in enumerate(people_in_order, start=1):
        if person.pk in seen:
            continue
        seen.add(person.pk)
        appearance = existing.get(person.pk)
        if appearance is None:
            if not leads:
                continue
            appearance = Appearance(episode=episode, person=person)
            new.append(appearance)
        if leads:
            appearance.order = order
            if language == "uk" and appearance.announced_as == appearance.announced_as_uk:
                appearance.announced_as = speaker.announced_as
        setattr(appearance, role_field, speaker.announced_as)
        if appearance.pk:
            appearance.save()
    # In one insert: what listens for saved appearances (page caches, the search index)
    # hears of this transaction from the episode, saved in it too.
    Appearance.objects.bulk_create(new)
    if leads and not created:
        Appearance.objects.filter(episode=episode).exclude(person__in=seen).delete()


def _ensure_partners(series, names) -> None:
    # Nearly every announcement names the same partners: one query tells they are known.
    known = set(series.partnerships.values_list("organization__key", flat=True))
    for name in names:
        if organization_key(name) not in known:
            Partnership.objects.get_or_create(
                series=series, organization=people.organization_named(name)
            )


def _ensure_calls_to_action(series, actions) -> None:
    known = {
        (call.kind, call.organization.key): call
        for call in series.calls_to_action.select_related("organization")
    }
    for action in actions:
        call = known.get((action.kind, organization_key(action.organization)))
        if call is None:
            CallToAction.objects.create(
                series=series,
                kind=action.kind,
                organization=people.organization_named(action.organization),
                title=DEFAULT_CTA_TITLES.get(action.kind, action.kind.title()),
                url=action.url or "",
            )
        elif action.url and not call.url:
            call.url = action.url
            call.save(update_fields=["url"])


def import_announcement(
    *, text: str, source: str, dry_run: bool = False, status: str = Episode.Status.PUBLISHED
) -> ImportResult:
    """Plan and apply one announcement; with ``dry_run`` everything is rolled back."""
    with transaction.atomic():
        result = apply_plan(plan_import(text=text, source=source), status=status)
        if dry_run:
            transaction.set_rollback(True)
    return result


def apply_choices(plan: ImportPlan, *, names: list[str], choices: list[str]) -> ImportPlan:
    """An editor's corrections from the import preview: each speaker's name as it should
    be stored, and who they are: a person's id, or "new" for a new person."""
    for speaker, name, choice in zip(plan.speakers, names, choices, strict=True):
        name = " ".join(name.split()) or speaker.name
        if choice == "new":
            speaker.name, speaker.match = name, PersonMatch(name, None)
        elif choice.isdigit():
            speaker.name = name
            speaker.match = PersonMatch(name, Person.objects.get(pk=int(choice)))
        elif name != speaker.name:
            speaker.name, speaker.match = name, match_person(name)
    return plan
