"""Write timed cues as a WebVTT file (pure Python, no Django); ``parse_captions`` reads
the result back to the same cues."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from flames.transcripts.parsing import format_timestamp

__all__ = ["TimedText", "write_webvtt"]

# The characters WebVTT cue text and voice names cannot hold as they are.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class TimedText(Protocol):
    start_ms: int
    end_ms: int
    text: str
    voice: str


def write_webvtt(cues: Iterable[TimedText]) -> str:
    """A WebVTT file of ``cues``, each under a voice tag (``<v Name>``) when it has a voice."""
    blocks = ["WEBVTT"]
    previous_voice = ""
    for cue in cues:
        text = _escape(cue.text)
        if cue.voice:
            text = f"<v {_escape(cue.voice)}>{text}"
        elif previous_voice:
            # Readers (ours among them) take an untagged cue to continue the last voice;
            # ">>", captioners' mark of a new speaker, keeps these words from being
            # credited to the person before.
            text = f"&gt;&gt; {text}"
        previous_voice = cue.voice
        timing = f"{format_timestamp(cue.start_ms)} --> {format_timestamp(cue.end_ms)}"
        blocks.append(f"{timing}\n{text}")
    return "\n\n".join(blocks) + "\n"


def _escape(text: str) -> str:
    # One line: a blank line inside a cue would end it early, and the parser joins a
    # cue's lines with spaces anyway.
    return " ".join(text.split()).translate(_ESCAPES)
