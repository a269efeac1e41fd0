"""Writes to transcripts: attaching a caption file to an episode."""

from dataclasses import dataclass

from django.db import transaction

from flames import changes
from flames.episodes.models import Episode
from flames.people.models import Person
from flames.people.names import Match, compare_names
from flames.transcripts import selectors
from flames.transcripts.models import Cue, Transcript
from flames.transcripts.parsing import Captions, parse_captions


@dataclass(frozen=True)
class AttachResult:
    transcript: Transcript
    cues: int
    replaced: bool
    speakers: dict[str, Person | None]  # each voice in the file, and who it is on the panel
    warnings: tuple[str, ...]

    @property
    def unmatched(self) -> list[str]:
        return [voice for voice, person in self.speakers.items() if person is None]


def attach_transcript(
    *,
    episode: Episode,
    language: str,
    text: bytes | str | None = None,
    filename: str = "",
    captions: Captions | None = None,
) -> AttachResult:
    """Read a WebVTT or SRT file and make it the episode's transcript in ``language``.

    All or nothing: a file that cannot be read raises CaptionError before anything is
    written, and an existing transcript in that language is replaced in one transaction.
    Voices are linked to the people on the episode's panel, across spellings and scripts.
    """
    if language not in Episode.Language.values:
        raise ValueError(f"unknown language {language!r}")
    if captions is None:
        captions = parse_captions(text if text is not None else "", filename=filename)
    speakers = link_voices(captions.voices, selectors.panel(episode))
    with transaction.atomic():
        deleted, _ = Transcript.objects.filter(episode=episode, language=language).delete()
        transcript = Transcript.objects.create(
            episode=episode, language=language, source_name=filename[-255:]
        )
        Cue.objects.bulk_create(
            [
                Cue(
                    transcript=transcript,
                    position=position,
                    start_ms=cue.start_ms,
                    end_ms=cue.end_ms,
                    text=cue.text,
                    voice=cue.voice[:200],
                    speaker=speakers.get(cue.voice),
                )
                for position, cue in enumerate(captions.cues, start=1)
            ],
            batch_size=1000,
        )
        # A bulk insert sends no signal.
        changes.announce(Cue, [transcript.pk])
    return AttachResult(
        transcript=transcript,
        cues=len(captions.cues),
        replaced=bool(deleted),
        speakers=speakers,
        warnings=captions.warnings,
    )


def link_voices(
    voices: list[str], panel: list[tuple[Person, list[str]]]
) -> dict[str, Person | None]:
    """Who each voice is: the one panellist whose name is the same in some spelling, or,
    failing that, the one panellist it doubtfully matches ("Klimkin" for Pavlo Klimkin)."""
    linked: dict[str, Person | None] = {}
    for voice in voices:
        same, doubtful = [], []
        for person, spellings in panel:
            verdicts = {compare_names(voice, spelling) for spelling in spellings}
            if Match.SAME in verdicts:
                same.append(person)
            elif Match.DOUBTFUL in verdicts:
                doubtful.append(person)
        candidates = same or doubtful
        linked[voice] = candidates[0] if len(candidates) == 1 else None
    return linked


def take_over_cues(*, survivor: Person, duplicate: Person, **signal) -> None:
    """On ``person_merged``: the duplicate's cues are spoken by the survivor, so they keep
    their speaker when the duplicate is deleted."""
    cues = Cue.objects.filter(speaker=duplicate)
    transcript_ids = set(cues.values_list("transcript_id", flat=True).distinct())
    if transcript_ids:
        cues.update(speaker=survivor)
        # A bulk update sends no signal.
        changes.announce(Cue, transcript_ids)
