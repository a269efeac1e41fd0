"""What the index holds for each thing a reader can find, built in batches.

Each function takes ids and returns unsaved SearchEntry rows, reading the database in a
fixed number of queries per batch. Transcripts become passages: runs of consecutive
cues 30 to 60 seconds long, cut preferably where the speaker changes or a sentence ends,
so an hour of speech is about a hundred entries rather than a thousand cues.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from django.db.models import F, Prefetch
from django.utils import timezone, translation

from flames.episodes.models import Appearance, Episode, Topic
from flames.people.models import Organization, Person, PersonName, Position
from flames.search.models import SearchEntry
from flames.search.text import FACET_MARK, KEY_MARK, fold, name_tokens
from flames.transcripts.models import Cue, Transcript
from flames.transcripts.selectors import SPEAKER_FIELDS, CueSpeakers, Label, cue_speakers

PASSAGE_MIN_MS = 30_000
PASSAGE_MAX_MS = 60_000
_SENTENCE_ENDS = (".", "!", "?", "…", "»", "”", '"')
Kind = SearchEntry.Kind


def facet(name: str, value) -> str:
    """A filter token: "0fyear2023", "0flangen", "0ftopic12", "0fperson345"."""
    return f"{FACET_MARK}{name}{value}"


# The same people's names recur in thousands of episodes and passages.
_name_tokens = lru_cache(maxsize=100_000)(name_tokens)


def _keys(names) -> str:
    """The name keys of ``names``, marked: "0kpavlo 0kklimkin"."""
    return " ".join(dict.fromkeys(KEY_MARK + key for name in names for key in _name_tokens(name)))


def _year(episode: Episode) -> int | None:
    return timezone.localtime(episode.air_time).year if episode.air_time else None


def _titles(episode: Episode) -> tuple[str, str]:
    """The entry's English and Ukrainian titles as the episode page shows them: an untitled
    episode's placeholder ("Episode 594", "Випуск 594") in each language."""
    if not episode.is_untitled:
        return episode.title or episode.title_uk, episode.title_uk
    with translation.override("en"):
        title = episode.placeholder_title()
    with translation.override("uk"):
        return title, episode.placeholder_title()


def _episode_facets(episode: Episode, topic_ids, language: str) -> list[str]:
    year = _year(episode)
    tokens = [facet("lang", language)]
    if year:
        tokens.append(facet("year", year))
    tokens += [facet("topic", topic_id) for topic_id in topic_ids]
    return tokens


class _Speaker(NamedTuple):
    """A speaker as an episode's page shows them, in both languages."""

    person_id: int | None  # when identified: the person filter finds the episode
    names: list[str]
    spellings: list[str]  # the identified person's other spellings
    roles: list[str]


def _panels(episode_ids) -> dict[int, list[_Speaker]]:
    """Each episode's speakers through ``appearance.speaker``, in announced order: a
    protected speaker by the name shown alone, never a spelling of the real one; a
    withdrawn one not at all."""
    appearances = list(
        Appearance.objects.shown()
        .filter(episode__in=episode_ids)
        .select_related("person")
        .defer("person__bio")
        .order_by("order", "id")
    )
    shown = defaultdict(list)
    for language in ("en", "uk"):
        with translation.override(language):
            for appearance in appearances:
                shown[appearance.pk].append(appearance.speaker)
    identified = {first.person.pk for first, *_ in shown.values() if first.person is not None}
    spellings = defaultdict(list)
    for person_id, name in PersonName.objects.filter(person__in=identified).values_list(
        "person", "name"
    ):
        spellings[person_id].append(name)
    panels = defaultdict(list)
    for appearance in appearances:
        speakers = shown[appearance.pk]
        person = speakers[0].person
        panels[appearance.episode_id].append(
            _Speaker(
                person_id=person.pk if person else None,
                names=list(dict.fromkeys(speaker.name for speaker in speakers)),
                spellings=spellings[person.pk] if person else [],
                roles=list(dict.fromkeys(speaker.role for speaker in speakers if speaker.role)),
            )
        )
    return panels


def episode_entries(ids) -> list[SearchEntry]:
    """Episodes with their topics and panel (as the episode page shows it: names in every
    spelling, roles as announced, a protected speaker by the name shown alone)."""
    ids = list(ids)
    fields = ["number", "title", "title_uk", "slug", "summary", "summary_uk", "air_time"]
    # Oldest first: entries get ids in air order, and searches read the newest ids first.
    episodes = (
        Episode.objects.filter(pk__in=ids)
        .only(*fields, "language")
        .order_by(F("air_time").asc(nulls_first=True), "pk")
    )
    topics_of = defaultdict(list)
    links = Episode.topics.through.objects.filter(episode__in=ids)
    for episode_id, topic_id in links.values_list("episode", "topic"):
        topics_of[episode_id].append(topic_id)
    topic_names = {
        pk: (name, name_uk)
        for pk, name, name_uk in Topic.objects.filter(
            pk__in={pk for topic_ids in topics_of.values() for pk in topic_ids}
        ).values_list("pk", "name", "name_uk")
    }
    panels = _panels(ids)
    entries = []
    for episode in episodes:
        topic_ids = topics_of[episode.pk]
        panel = panels[episode.pk]
        body = "\n\n".join(text for text in (episode.summary, episode.summary_uk) if text)
        facets = _episode_facets(episode, topic_ids, episode.language)
        facets += [facet("person", speaker.person_id) for speaker in panel if speaker.person_id]
        title, title_uk = _titles(episode)
        entries.append(
            SearchEntry(
                kind=Kind.EPISODE,
                object_id=episode.pk,
                episode_id=episode.pk,
                slug=episode.slug,
                title=title,
                title_uk=title_uk,
                body=body,
                language=episode.language,
                year=_year(episode),
                # What readers see as the title finds the episode, placeholders included.
                title_terms=fold(str(episode.number or ""), title, title_uk),
                names_terms=_keys(
                    name for speaker in panel for name in [*speaker.names, *speaker.spellings]
                ),
                body_terms=fold(
                    body,
                    *(name for pk in topic_ids for name in topic_names[pk]),
                    *(name for speaker in panel for name in speaker.names),
                    *(role for speaker in panel for role in speaker.roles),
                ),
                facets=" ".join(facets),
            )
        )
    return entries


def person_entries(ids) -> list[SearchEntry]:
    """People of the directory: a protected or withdrawn person, or one who refused the
    directory, has no entry (and is found by no name: their episodes index them as
    shown)."""
    people = (
        Person.objects.directory()
        .filter(pk__in=ids)
        .prefetch_related(
            "names", Prefetch("positions", queryset=Position.objects.select_related("organization"))
        )
    )
    entries = []
    for person in people:
        spellings = list(dict.fromkeys([person.name, *(n.name for n in person.names.all())]))
        positions = [_position_text(person, position) for position in person.positions.all()]
        body = "\n\n".join(part for part in ("; ".join(positions), person.bio) if part)
        facets = [facet("person", person.pk)]
        if not person.show_organization:
            # Their episodes' entries show their roles without the organization: the
            # index compares this entry to know when to rebuild those (services).
            facets.append(facet("organization", "hidden"))
        entries.append(
            SearchEntry(
                kind=Kind.PERSON,
                object_id=person.pk,
                slug=person.slug,
                title=person.name,
                body=body,
                title_terms=fold(*spellings),
                names_terms=_keys(spellings),
                body_terms=fold(body),
                facets=" ".join(facets),
            )
        )
    return entries


def _position_text(person: Person, position: Position) -> str:
    if person.show_organization:
        return position.as_text
    return f"{position.title} ({position.years})" if position.years else position.title


def organization_entries(ids) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.ORGANIZATION,
            object_id=organization.pk,
            slug=organization.slug,
            title=organization.name,
            body=", ".join(organization.other_names),
            title_terms=fold(organization.name, *organization.other_names),
            body_terms=fold(organization.get_kind_display(), organization.website),
        )
        for organization in Organization.objects.filter(pk__in=ids).prefetch_related("names")
    ]


def topic_entries(ids) -> list[SearchEntry]:
    return [
        SearchEntry(
            kind=Kind.TOPIC,
            object_id=topic.pk,
            slug=topic.slug,
            title=topic.name,
            title_uk=topic.name_uk,
            body=topic.description,
            title_terms=fold(topic.name, topic.name_uk),
            body_terms=fold(topic.description),
            facets=facet("topic", topic.pk),
        )
        for topic in Topic.objects.filter(pk__in=ids)
    ]


class _Cue(NamedTuple):
    position: int
    start_ms: int
    end_ms: int
    text: str
    voice: str
    speaker_id: int | None

    @property
    def who(self):
        return self.speaker_id or self.voice


def passage_entries(transcript_ids) -> list[SearchEntry]:
    """Passages of these transcripts, in transcript and time order."""
    transcripts = list(
        Transcript.objects.filter(pk__in=transcript_ids)
        .select_related("episode")
        .prefetch_related(Prefetch("episode__topics", queryset=Topic.objects.only("pk")))
        .order_by("episode__air_time", "episode_id", "language")
    )
    cues: dict[int, list[_Cue]] = defaultdict(list)
    rows = (
        Cue.objects.filter(transcript__in=[transcript.pk for transcript in transcripts])
        .order_by("transcript_id", "position")
        .values_list("transcript_id", "position", "start_ms", "end_ms", "text", "voice", "speaker")
    )
    for transcript_id, *fields in rows.iterator(chunk_size=5000):
        cues[transcript_id].append(_Cue(*fields))
    speaker_ids = {cue.speaker_id for group in cues.values() for cue in group if cue.speaker_id}
    people = Person.objects.only(*SPEAKER_FIELDS).in_bulk(speaker_ids)
    panels = cue_speakers(transcript.episode_id for transcript in transcripts)
    entries = []
    for transcript in transcripts:
        episode = transcript.episode
        title, title_uk = _titles(episode)
        topic_ids = [topic.pk for topic in episode.topics.all()]
        base_facets = _episode_facets(episode, topic_ids, transcript.language)
        year = _year(episode)
        labels = _labels(cues[transcript.pk], panels[episode.pk], people, transcript.language)
        for passage in group_cues(cues[transcript.pk]):
            body = _passage_text(passage, labels)
            # A speaker with a page of their own is found by the caption file's spelling
            # too, and is a person to filter passages by.
            public = [cue for cue in passage if _has_page(labels.get(cue.who))]
            names = [labels[cue.who].name for cue in passage if labels.get(cue.who)]
            names += [cue.voice for cue in public if cue.voice]
            speakers = list(dict.fromkeys(cue.speaker_id for cue in public))
            entries.append(
                SearchEntry(
                    kind=Kind.PASSAGE,
                    object_id=transcript.pk,
                    episode_id=episode.pk,
                    slug=episode.slug,
                    title=title,
                    title_uk=title_uk,
                    body=body,
                    start_ms=passage[0].start_ms,
                    position=passage[0].position,
                    language=transcript.language,
                    year=year,
                    names_terms=_keys(dict.fromkeys(names)),
                    body_terms=fold(body),
                    facets=" ".join([*base_facets, *(facet("person", pk) for pk in speakers)]),
                )
            )
    return entries


def _labels(
    cues: list[_Cue], speakers: CueSpeakers, people: dict[int, Person], language: str
) -> dict[int | str, Label | None]:
    """Each speaker's public label (``CueSpeakers``), in the transcript's language."""
    labels = {}
    with translation.override(language):
        for cue in cues:
            if cue.who and cue.who not in labels:
                labels[cue.who] = speakers.label(people.get(cue.speaker_id), cue.voice)
    return labels


def _has_page(label: Label | None) -> bool:
    return label is not None and label.url is not None


def group_cues(cues: list[_Cue]) -> list[list[_Cue]]:
    """Consecutive cues in runs of 30 to 60 seconds, ending at a change of speaker or
    the end of a sentence once 30 seconds are reached."""
    groups: list[list[_Cue]] = []
    current: list[_Cue] = []
    for cue in cues:
        if current:
            length = cue.start_ms - current[0].start_ms
            last = current[-1]
            natural_end = cue.who != last.who or last.text.endswith(_SENTENCE_ENDS)
            if length >= PASSAGE_MAX_MS or (length >= PASSAGE_MIN_MS and natural_end):
                groups.append(current)
                current = []
        current.append(cue)
    if current:
        groups.append(current)
    return groups


def _passage_text(passage: list[_Cue], labels: dict[int | str, Label | None]) -> str:
    """The passage's words, each change of speaker marked with the speaker's label."""
    parts = []
    previous = None
    for cue in passage:
        label = labels.get(cue.who) if cue.who and cue.who != previous else None
        parts.append(f"{label.name}: {cue.text}" if label else cue.text)
        previous = cue.who
    return " ".join(parts)
