"""Caption files and transcripts for tests."""

from flames.transcripts.parsing import format_timestamp
from flames.transcripts.services import attach_transcript


def vtt(*cues) -> str:
    """A WebVTT file from (start seconds, end seconds, voice, text) tuples."""
    blocks = ["WEBVTT"]
    for start, end, voice, text in cues:
        payload = f"<v {voice}>{text}" if voice else text
        timing = f"{format_timestamp(int(start * 1000))} --> {format_timestamp(int(end * 1000))}"
        blocks.append(f"{timing}\n{payload}")
    return "\n\n".join(blocks) + "\n"


def transcript(episode, *cues, language="en"):
    """Attach a transcript made of (start, end, voice, text) cues to ``episode``."""
    return attach_transcript(
        episode=episode, language=language, text=vtt(*cues), filename="test.vtt"
    ).transcript
