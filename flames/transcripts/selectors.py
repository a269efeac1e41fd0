"""Reads for transcripts: finding an episode from the command line, a panel's names,
transcripts for pages, feeds and their WebVTT files."""

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects

from flames.episodes.models import Appearance, Episode
from flames.people.models import Person
from flames.transcripts.models import Cue, Transcript


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


def transcripts_for_page() -> Prefetch:
    """An episode's transcripts with their cues and speakers: two queries however long."""

    cues = Cue.objects.select_related("speaker").only(
        "transcript", "position", "start_ms", "text", "voice", "speaker__name", "speaker__slug"
    )
    return Prefetch(
        "transcripts",
        queryset=Transcript.objects.order_by("language").prefetch_related(
            Prefetch("cues", queryset=cues.order_by("position"))
        ),
    )


def with_transcripts_for_page(episode: Episode) -> Episode:
    """Load ``episode``'s transcripts for its page (``transcripts_for_page``)."""
    prefetch_related_objects([episode], transcripts_for_page())
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


def public_transcript(*, slug: str, language: str) -> Transcript | None:
    """The transcript in ``language`` of a public episode, with its cues in order, or None."""

    return (
        Transcript.objects.filter(
            episode__in=Episode.objects.public().filter(slug=slug), language=language
        )
        .only("language")
        .prefetch_related(
            Prefetch(
                "cues",
                queryset=Cue.objects.only(
                    "transcript", "start_ms", "end_ms", "text", "voice"
                ).order_by("position"),
            )
        )
        .first()
    )
