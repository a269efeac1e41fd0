"""Importing announcements: parsed text becomes episodes, people, roles, partners and
calls to action. ``plan_import`` only reads; ``apply_plan`` writes, atomically, as one
revision.

An import never overwrites an editor: it fills what is empty and changes only what an
earlier import wrote and nobody changed since (``rules.decide``). Everything else it would
have changed is listed in the import's notes for review."""

import hashlib
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flames.episodes import selectors as episode_selectors
from flames.episodes import services as episodes
from flames.episodes.models import Appearance, Episode, Series
from flames.episodes.services import episode_slug
from flames.ingest import closing
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.panel import PanelWriter
from flames.ingest.parsing import Announcement, parse_announcement
from flames.ingest.rules import Write, decide
from flames.ingest.selectors import EpisodeChoice, episode_for, written_before
from flames.people import services as people
from flames.people.models import Person, Position, Showing
from flames.people.names import Match, compare_names, name_key
from flames.people.selectors import PersonMatch, match_people, match_person

NEW_EPISODE = "new"
# How the report names each way of showing a speaker the announcement did not name.
UNNAMED = {
    Showing.FIRST_NAME: gettext_lazy("first name only"),
    Showing.PSEUDONYM: gettext_lazy("pseudonym"),
    Showing.DESCRIPTION: gettext_lazy("description"),
}


class UnstorableAnnouncement(ValueError):
    """An announcement that parses but cannot be stored; one line saying why."""


@dataclass
class SpeakerPlan:
    name: str
    announced_as: str
    roles: tuple
    match: PersonMatch
    # Not named in full (a first name, a pseudonym, a description): shown as announced,
    # for review, and never matched to anyone but their own appearance on this episode.
    shown_as: str = Showing.FULL_NAME
    # A name that fits only protected people: a new person, whom an editor compares.
    resembles_protected: bool = False
    # The appearance on the updated episode's panel this speaker is.
    on_panel: Appearance | None = None

    @property
    def unnamed(self) -> bool:
        return self.shown_as != Showing.FULL_NAME

    @property
    def protected(self) -> bool:
        """Nothing this speaker's line says may reach a person the public knows."""
        return self.unnamed or (self.on_panel is not None and self.on_panel.is_protected)

    @property
    def review_note(self) -> str:
        """The report's line for a speaker the announcement did not name: the name shown
        and how, nothing more."""
        return _("shown as announced: %(name)s (%(shown_as)s), for review") % {
            "name": self.name,
            "shown_as": UNNAMED[self.shown_as],
        }


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
    choice: EpisodeChoice = field(default_factory=lambda: EpisodeChoice(None))
    confirmed: bool = False  # an editor chose the episode (or a new one) in the preview

    @property
    def proposed(self) -> Episode | None:
        """The episode the import found, even when the editor chose a new one instead."""
        return self.choice.episode


@dataclass
class ImportResult:
    source: str
    action: str  # created, updated, left alone, unchanged
    episode: Episode
    matched: int = 0  # speakers linked to people already in the directory
    new_people: int = 0
    review: int = 0  # new people flagged because they resemble someone
    flagged: bool = False  # a new episode that may duplicate another
    reason: str = ""  # why this episode was updated rather than a new one made
    notes: list[str] = field(default_factory=list)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def plan_import(*, text: str, source: str) -> ImportPlan:
    """Parse ``text`` and decide what importing it would do. Writes nothing.

    Raises ``AnnouncementError`` (from the parser) or ``UnstorableAnnouncement``.
    """
    announcement = parse_announcement(text)
    if not announcement.speakers and announcement.number is None:
        raise UnstorableAnnouncement(
            _("neither speakers nor an episode number found: not an announcement")
        )
    if len(announcement.title) > Episode._meta.get_field("title").max_length:
        raise UnstorableAnnouncement(_("title is longer than 300 characters"))
    digest = digest_of(text)
    known = ImportedAnnouncement.objects.select_related("episode").filter(digest=digest).first()
    if known:
        return ImportPlan(source, text, digest, announcement, known.episode, unchanged=True)
    speakers = _speakers(announcement)
    series = episode_selectors.current_series()
    plan = ImportPlan(source, text, digest, announcement, None, False, speakers, series)
    if series:
        people_in_order = [speaker.match.person and speaker.match.person.pk for speaker in speakers]
        plan.choice = episode_for(series, announcement, source, people_in_order)
        plan.episode = plan.choice.episode
    if plan.episode:
        panel = list(
            plan.episode.appearances.select_related("person").prefetch_related("person__names")
        )
        for speaker in speakers:
            _prefer_panel(panel, speaker)
    return plan


def _speakers(announcement: Announcement) -> list[SpeakerPlan]:
    named = [speaker for speaker in announcement.speakers if not speaker.name_incomplete]
    matches = iter(match_people([speaker.name for speaker in named]))
    plans = []
    for speaker in announcement.speakers:
        plan = SpeakerPlan(
            speaker.name,
            speaker.announced_as,
            speaker.roles,
            PersonMatch(speaker.name, None),
            shown_as=Showing(speaker.shown_as),
        )
        if not plan.unnamed:
            _set_match(plan, next(matches))
        plans.append(plan)
    return plans


def _set_match(speaker: SpeakerPlan, match: PersonMatch) -> None:
    """Match ``speaker`` to public people only: a protected person is never linked to
    another appearance by a name (the one they are shown by may be all the import sees).
    A name that fits only protected people makes a new person flagged for review."""
    hidden = [person for person in (match.person, *match.similar) if person and person.is_protected]
    if not hidden:
        speaker.match = match
        return
    person = match.person if match.person and not match.person.is_protected else None
    similar = tuple(person for person in match.similar if not person.is_protected)
    speaker.match = PersonMatch(match.name, person, similar, match.spelling_known and bool(person))
    speaker.resembles_protected = person is None


def _prefer_panel(panel: list[Appearance], speaker: SpeakerPlan) -> None:
    """On an update, a speaker already on this episode's panel is them.

    This keeps an editor's merges, corrections and protection when an announcement is
    imported again. A speaker the announcement did not name is found among the protected
    appearances, by the name shown (or one of their person's spellings, should an editor
    have changed it); anyone else by a name that fits the person's spellings.
    """
    if speaker.unnamed:
        key = name_key(speaker.name)
        for appearance in panel:
            if not (appearance.is_protected or appearance.person.is_protected):
                continue
            names = [appearance.shown_name, appearance.shown_name_uk]
            names += [spelling.name for spelling in appearance.person.names.all()]
            if any(name and name_key(name) == key for name in names):
                speaker.match = PersonMatch(speaker.name, appearance.person)
                speaker.on_panel = appearance
                return
        return
    for appearance in panel:
        spellings = [spelling.name for spelling in appearance.person.names.all()]
        if any(compare_names(speaker.name, known) == Match.SAME for known in spellings):
            speaker.match = PersonMatch(speaker.name, appearance.person)
            speaker.on_panel = appearance


def choose_episode(plan: ImportPlan, choice: str) -> ImportPlan:
    """An editor's answer to the preview: update the proposed episode, or a new one."""
    if plan.unchanged:
        return plan
    plan.confirmed = True
    if choice == NEW_EPISODE:
        plan.episode = None
        plan.choice = EpisodeChoice(None)
    return plan


def apply_plan(plan: ImportPlan, *, status: str = Episode.Status.DRAFT, user=None) -> ImportResult:
    """Store what ``plan`` describes, all of it or nothing, as one revision."""
    if plan.unchanged:
        return ImportResult(plan.source, "unchanged", plan.episode)
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(_("Imported from %s") % plan.source)
        if user is not None:
            reversion.set_user(user)
        return _apply(plan, status)


def _apply(plan: ImportPlan, status: str) -> ImportResult:
    announcement = plan.announcement
    series = plan.series or episodes.default_series()
    created = plan.episode is None
    # Read afresh: the candidate carries a partial prefetch of its panel, which the
    # revision below would otherwise record instead of the panel as written.
    episode = Episode.objects.get(pk=plan.episode.pk) if plan.episode else None
    episode = episode or _new_episode(series, announcement, status)
    before = {"panel": {}} if created else written_before(episode)
    written: dict = {}
    # The report's own line for each speaker not named in full replaces the parser's.
    unnamed = {speaker.warning for speaker in announcement.speakers}
    notes = [warning for warning in announcement.warnings if warning not in unnamed]
    notes += plan.choice.doubts
    notes += [speaker.review_note for speaker in plan.speakers if speaker.unnamed]
    result = ImportResult(plan.source, "created" if created else "updated", episode)
    result.reason = plan.choice.reason
    # Without a number nothing but an editor's eye tells a new episode from a repost.
    doubtful = announcement.number is None or plan.choice.doubts
    result.flagged = created and bool(doubtful) and not plan.confirmed
    episode.needs_review = episode.needs_review or result.flagged  # saved with the texts
    changed = _write_texts(episode, announcement, before, written, notes)
    # The closing text first: a Ukrainian partner's name learnt from the English
    # announcement is then known to the roles below that name the same organization.
    known_names = closing.known_organizations(announcement)
    closing.ensure_partners(series, episode, announcement, known_names)
    closing.ensure_calls_to_action(series, announcement, known_names)
    people_in_order = [
        (_person_for(speaker, result, announcement.language), speaker) for speaker in plan.speakers
    ]
    leads = created or episode.language == announcement.language
    if leads:
        # A translation's roles repeat the positions in another language.
        people.add_positions(_positions(people_in_order))
    panel = PanelWriter(episode, announcement.language, before["panel"], created=created)
    if panel.write(people_in_order, leads=leads, notes=notes) and not created:
        # New speakers go in with one insert, which sends no signal: saving the episode
        # tells the page caches and the search index that it changed. (A new episode was
        # saved in this transaction already.)
        episodes.save_episode(episode=episode, fields=["updated_at"])
        changed = True
    written["panel"] = panel.written
    if not created and not changed:
        result.action = "left alone"
    result.notes = notes
    reversion.add_to_revision(episode)
    _record(plan, episode, result, written)
    return result


def _new_episode(series, announcement, status) -> Episode:
    return Episode(
        series=series,
        number=announcement.number,
        slug=episode_slug(number=announcement.number, title=announcement.title),
        status=status,
        language=announcement.language,
    )


def _write_texts(episode, announcement, before: dict, written: dict, notes: list) -> bool:
    """Title and summary in the announcement's language, where an editor has not written
    them; True if anything changed."""
    if announcement.language == "uk":
        values = {"title_uk": announcement.title, "summary_uk": announcement.summary}
        # The English fields show a Ukrainian-only episode's own text until an English
        # announcement (or an editor) writes them.
        if not episode.pk or episode.title == before.get("title_uk", episode.title_uk):
            values |= {"title": announcement.title, "summary": announcement.summary}
    else:
        values = {"title": announcement.title, "summary": announcement.summary}
    changed = episode.pk is None
    if episode.number is None and announcement.number is not None:
        episode.number, changed = announcement.number, True
    for name, announced in values.items():
        verdict = decide(getattr(episode, name), announced, before.get(name))
        if verdict is Write.SET or (verdict is Write.SAME and not episode.pk):
            setattr(episode, name, announced)
            written[name] = announced
            changed = True
        elif verdict is Write.KEEP:
            notes.append(
                _("%(field)s: kept the site's “%(kept)s”; the announcement says “%(announced)s”")
                % {
                    "field": Episode._meta.get_field(name).verbose_name,
                    "kept": _shorten(getattr(episode, name)),
                    "announced": _shorten(announced),
                }
            )
    if changed:
        episodes.save_episode(episode=episode)
    return changed


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _person_for(speaker: SpeakerPlan, result: ImportResult, language: str) -> Person:
    match = speaker.match
    if match.person:
        result.matched += 1
        # A name that is not a full one, kept among the person's spellings, would tie a
        # pseudonym or a first name to whoever an editor made this appearance of.
        if not match.spelling_known and not speaker.unnamed:
            people.add_spelling(person=match.person, name=speaker.name)
        return match.person
    result.new_people += 1
    if speaker.unnamed:
        result.review += 1
        # Protected like the appearance, so the person has no page of their own either.
        return people.create_person(
            name=speaker.name,
            needs_review=True,
            shown_as=speaker.shown_as,
            shown_name=speaker.name,
            shown_name_uk=speaker.name if language == "uk" else "",
        )
    doubtful = bool(match.similar) or speaker.resembles_protected
    if doubtful:
        result.review += 1
    person = people.create_person(name=speaker.name, needs_review=doubtful)
    # Later speakers in the same import find this person like any other.
    speaker.match = PersonMatch(speaker.name, person)
    return person


def _positions(people_in_order) -> list[Position]:
    """The roles of the speakers as positions of their people; a protected speaker's
    roles stay on the appearance, where they are shown only as chosen."""
    named = [(person, speaker) for person, speaker in people_in_order if not speaker.protected]
    # In order of appearance, so new organizations are created in a repeatable order.
    names = [role.organization for _person, speaker in named for role in speaker.roles]
    organizations = people.organizations_named(dict.fromkeys(name for name in names if name))
    return [
        Position(
            person=person,
            title=role.title,
            organization=organizations[role.organization] if role.organization else None,
            start_year=role.start_year,
            end_year=role.end_year,
        )
        for person, speaker in named
        for role in speaker.roles
    ]


def _record(plan: ImportPlan, episode: Episode, result: ImportResult, written: dict) -> None:
    # One statement, and no error when the same text was stored between planning and
    # applying (two editors importing it at once): the record follows the later import.
    ImportedAnnouncement.objects.bulk_create(
        [
            ImportedAnnouncement(
                digest=plan.digest,
                episode=episode,
                language=plan.announcement.language,
                source=plan.source[:500],
                text=plan.text,
                outcome=result.action,
                notes=result.notes,
                needs_review=bool(result.notes),
                written=written,
            )
        ],
        update_conflicts=True,
        unique_fields=["digest"],
        update_fields=[
            "episode",
            "language",
            "source",
            "text",
            "imported_at",
            "outcome",
            "notes",
            "needs_review",
            "written",
        ],
    )


def import_announcement(
    *, text: str, source: str, dry_run: bool = False, status: str = Episode.Status.DRAFT
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
        if speaker.unnamed:
            continue  # shown as announced; an editor identifies them on the episode
        name = " ".join(name.split()) or speaker.name
        if choice == "new":
            speaker.name, speaker.match = name, PersonMatch(name, None)
        elif choice.isdigit():
            speaker.name = name
            speaker.match = PersonMatch(name, Person.objects.get(pk=int(choice)))
        elif name != speaker.name:
            speaker.name = name
            _set_match(speaker, match_person(name))
    return plan
