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


def episode_entries(ids) -> list[SearchEntry]:
    """Episodes with their topics and panel (names in every spelling, roles as announced),
    read as plain rows: a rebuild goes through ten thousand of them."""
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
    panel_of = defaultdict(list)
    appearances = Appearance.objects.filter(episode__in=ids).order_by("order", "id")
    for episode_id, person_id, role in appearances.values_list("episode", "person", "announced_as"):
        panel_of[episode_id].append((person_id, role))
    person_ids = {person for panel in panel_of.values() for person, _ in panel}
    names = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "name"))
    spellings = defaultdict(list)
    for person_id, name in PersonName.objects.filter(person__in=person_ids).values_list(
        "person", "name"
    ):
        spellings[person_id].append(name)
    entries = []
    for episode in episodes:
        topic_ids = topics_of[episode.pk]
        panel = panel_of[episode.pk]
        body = "\n\n".join(text for text in (episode.summary, episode.summary_uk) if text)
        facets = _episode_facets(episode, topic_ids, episode.language)
        facets += [facet("person", person_id) for person_id, _ in panel]
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
                    name
                    for person_id, _ in panel
                    for name in [names[person_id], *spellings[person_id]]
                ),
                body_terms=fold(
                    body,
                    *(name for pk in topic_ids for name in topic_names[pk]),
                    *(names[person_id] for person_id, _ in panel),
                    *(role for _, role in panel),
                ),
                facets=" ".join(facets),
            )
        )
    return entries


def person_entries(ids) -> list[SearchEntry]:
    people = Person.objects.filter(pk__in=ids).prefetch_related(
        "names", Prefetch("positions", queryset=Position.objects.select_related("organization"))
    )
    entries = []
    for person in people:
        spellings = list(dict.fromkeys([person.name, *(n.name for n in person.names.all())]))
        positions = [position.as_text for position in person.positions.all()]
        body = "\n\n".join(part for part in ("; ".join(positions), person.bio) if part)
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
                facets=facet("person", person.pk),
            )
        )
    return entries


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
