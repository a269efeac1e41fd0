"""Reads for transcripts: finding an episode from the command line, a panel's names,
transcripts for pages, feeds and their WebVTT files, and who readers are told speaks
each cue (``CueSpeakers``)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    prefetch_related_objects,
)

from flames.episodes.models import (
    Appearance,
    Episode,
    identified_appearances,
    shown_appearances,
)
from flames.people.models import Person
from flames.transcripts.models import Cue, Transcript

# What a cue's speaker must have loaded for ``CueSpeakers.label``.
SPEAKER_FIELDS = ("name", "slug", "shown_as", "withdrawn_at")


class EpisodeNotFound(ValueError):
    """No episode, or more than one, answers to a reference; the message says which."""


def episode_by_reference(reference: str) -> Episode:
    """The episode with this slug, or with this number when only one episode has it."""
    reference = reference.strip().lstrip("#")
    episode = Episode.objects.filter(slug=reference).first()
    if episode:
        return episode
    if not reference.isdigit():
        raise EpisodeNotFound(f"no episode with the slug {reference!r}")
    numbered = list(Episode.objects.filter(number=int(reference)).order_by("id")[:6])
    if not numbered:
        raise EpisodeNotFound(f"no episode with the slug or number {reference!r}")
    if len(numbered) > 1:
        slugs = ", ".join(episode.slug for episode in numbered[:5])
        raise EpisodeNotFound(
            f"{len(numbered)} episodes have the number {reference} ({slugs}); give the slug"
        )
    return numbered[0]


def panel(episode: Episode) -> list[tuple[Person, list[str]]]:
    """The people on an episode's panel with every spelling of their names."""
    appearances = Appearance.objects.filter(episode=episode).select_related("person")
    appearances = appearances.prefetch_related(Prefetch("person__names"))
    return [
        (
            appearance.person,
            list(
                dict.fromkeys(
                    [appearance.person.name, *(n.name for n in appearance.person.names.all())]
                )
            ),
        )
        for appearance in appearances
    ]


@dataclass(frozen=True)
class Label:
    """Who readers are told speaks a cue: a name, and the person's page when they have one."""

    name: str
    url: str | None


class CueSpeakers:
    """The one rule naming the speakers of an episode's cues, for every output (the page,
    the WebVTT files, search): a speaker on the panel is named as the panel shows them
    (``appearance.speaker``, perhaps by a protected name and without a page); a withdrawn
    one, or a protected person who is not on the panel, is not named at all. The voice
    the caption file gave is shown only for cues linked to no one, and only on episodes
    whose whole panel is public: a caption file names people as it likes, and next to a
    protected speaker an unlinked voice may be theirs under their real name."""

    def __init__(self, appearances: Iterable[Appearance]):
        appearances = list(appearances)
        self._panel = {appearance.person_id: appearance for appearance in appearances}
        self._voices_shown = all(appearance.is_identified for appearance in appearances)

    def label(self, speaker: Person | None, voice: str) -> Label | None:
        """The label of a cue spoken by ``speaker`` (loaded with SPEAKER_FIELDS) or, when
        it is linked to no one, by ``voice``; None: the cue names no one."""
        if speaker is None:
            return Label(voice, None) if voice and self._voices_shown else None
        appearance = self._panel.get(speaker.pk)
        if appearance is None:
            return Label(speaker.name, speaker.get_absolute_url()) if speaker.is_public else None
        if not appearance.is_shown:
            return None
        shown = appearance.speaker
        return Label(shown.name, shown.url)


def cue_speakers(episode_ids: Iterable[int]) -> dict[int, CueSpeakers]:
    """``CueSpeakers`` of each of these episodes, in one query."""
    episode_ids = set(episode_ids)
    appearances = (
        Appearance.objects.filter(episode__in=episode_ids)
        .select_related("person")
        .annotate(
            is_shown=ExpressionWrapper(shown_appearances(), output_field=BooleanField()),
            is_identified=ExpressionWrapper(identified_appearances(), output_field=BooleanField()),
        )
    )
    panels = defaultdict(list)
    for appearance in appearances:
        panels[appearance.episode_id].append(appearance)
    return {pk: CueSpeakers(panels[pk]) for pk in episode_ids}


def transcripts_for_page() -> Prefetch:
    """An episode's transcripts with their cues and speakers: two queries however long."""

    cues = Cue.objects.select_related("speaker").only(
        "transcript",
        "position",
        "start_ms",
        "text",
        "voice",
        *(f"speaker__{name}" for name in SPEAKER_FIELDS),
    )
    return Prefetch(
        "transcripts",
        queryset=Transcript.objects.order_by("language").prefetch_related(
            Prefetch("cues", queryset=cues.order_by("position"))
        ),
    )


def with_transcripts_for_page(episode: Episode) -> Episode:
    """Load ``episode``'s transcripts for its page (``transcripts_for_page``), and who
    speaks their cues (``episode.cue_speakers``): three queries."""
    prefetch_related_objects([episode], transcripts_for_page())
    episode.cue_speakers = cue_speakers([episode.pk])[episode.pk]
    return episode


def has_transcript() -> Exists:
    """An annotation: whether an episode has any transcript (so pages without one need no
    query for it)."""

    return Exists(Transcript.objects.filter(episode=OuterRef("pk")))


def transcript_links() -> Prefetch:
    """An episode's transcripts without their cues, enough to link to each: one query
    for any number of episodes."""

    return Prefetch(
        "transcripts",
        queryset=Transcript.objects.only("episode", "language").order_by("language"),
    )


class Caption(NamedTuple):
    """A cue as a WebVTT file gives it: ``voice`` is the cue's public label, or empty."""

    start_ms: int
    end_ms: int
    text: str
    voice: str


def public_captions(*, slug: str, language: str) -> list[Caption] | None:
    """The cues of the transcript in ``language`` of a public episode, in order, each
    under its speaker's public label; None when there is no such transcript."""
    transcript = (
        Transcript.objects.filter(
            episode__in=Episode.objects.public().filter(slug=slug), language=language
        )
        .only("episode")
        .first()
    )
    if transcript is None:
        return None
    speakers = cue_speakers([transcript.episode_id])[transcript.episode_id]
    cues = (
        Cue.objects.filter(transcript=transcript)
        .select_related("speaker")
        .only(
            "start_ms",
            "end_ms",
            "text",
            "voice",
            "speaker",
            *(f"speaker__{name}" for name in SPEAKER_FIELDS),
        )
        .order_by("position")
    )
    captions = []
    for cue in cues:
        label = speakers.label(cue.speaker, cue.voice)
        captions.append(Caption(cue.start_ms, cue.end_ms, cue.text, label.name if label else ""))
    return captions
