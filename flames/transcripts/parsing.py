"""Read WebVTT and SRT caption files into timed cues (pure Python, no Django).

YouTube exports both formats. Voices come from WebVTT voice tags (``<v Pavlo Klimkin>``)
or from a "Name:" prefix at the start of a cue (after an optional ``>>`` or ``-`` that
marks a change of speaker); a cue without one continues the previous speaker.

Anything wrong raises :class:`CaptionError` with a one-line message naming the line.
Overlapping cues are the one thing fixed rather than refused, and the fix is stated in
``Captions.warnings``: the earlier cue is cut short where the next one starts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

__all__ = ["MAX_BYTES", "CaptionError", "Captions", "Cue", "format_timestamp", "parse_captions"]

MAX_BYTES = 20 * 1024 * 1024

# HH:MM:SS.mmm (hours optional, as WebVTT allows); SRT writes a comma before the
# milliseconds, and both separators are accepted in both formats.
_TIMESTAMP = r"(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})"
_TIMESTAMP_RE = re.compile(rf"^{_TIMESTAMP}$")
_TIMING_RE = re.compile(r"^(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")
_TAG_RE = re.compile(r"<[^>]*>")
_ASS_TAG_RE = re.compile(r"\{\\[^}]*\}")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_SPACES_RE = re.compile(r"\s+")
# ">> Name:" or "- Name:" or "Name:" with up to four capitalised words.
_SPEAKER_CHANGE_RE = re.compile(r"^(?:>>|[-–—])\s*")
_NAME_WORD = r"[^\W\d_][\w'’ʼ.-]*"
_NAME_PREFIX_RE = re.compile(rf"^((?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,3}})\s*:\s+(?=\S)")
_MAX_OVERLAP_LINES_SHOWN = 5


class CaptionError(ValueError):
    """A caption file that cannot be read; the message is one line and names the line."""


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    voice: str  # the speaker as the file names them, or ""
    line: int  # where the cue's timing line is, for messages


@dataclass(frozen=True)
class Captions:
    format: str  # "vtt" or "srt"
    cues: tuple[Cue, ...]
    warnings: tuple[str, ...] = ()

    @property
    def voices(self) -> list[str]:
        """Distinct voice labels in order of first appearance."""
        return list(dict.fromkeys(cue.voice for cue in self.cues if cue.voice))


def format_timestamp(ms: int) -> str:
    """00:01:02.345 for 62,345 ms."""
    seconds, ms = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{ms:03d}"


def parse_captions(data: bytes | str, *, filename: str = "") -> Captions:
    """Parse a WebVTT or SRT file, telling them apart by content (then by file name)."""
    if len(data) > MAX_BYTES:
        raise CaptionError(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB"
        )
    text = _decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    lines = text.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CaptionError("line 1: the file is empty")
    head = lines[first].strip()
    name = filename.lower()
    if head.startswith("WEBVTT"):
        if head != "WEBVTT" and head[6] not in " \t":
            raise CaptionError(f"line {first + 1}: the WebVTT header must be just 'WEBVTT'")
        fmt, cues = "vtt", _read_vtt(lines, first + 1)
    elif name.endswith(".vtt"):
        raise CaptionError(f"line {first + 1}: a WebVTT file must start with 'WEBVTT'")
    elif name.endswith(".srt") or _looks_like_srt(lines, first):
        fmt, cues = "srt", _read_srt(lines, first)
    else:
        raise CaptionError(
            f"line {first + 1}: not a WebVTT or SRT file (expected 'WEBVTT' or a cue number)"
        )
    if not cues:
        raise CaptionError(f"line {len(lines)}: the file has no cues")
    cues, warnings = _check_order(cues)
    return Captions(format=fmt, cues=tuple(cues), warnings=tuple(warnings))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CaptionError(
            f"line {line}: the file is not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save it as UTF-8"
        ) from None


def _looks_like_srt(lines: list[str], first: int) -> bool:
    return lines[first].strip().isdigit() and first + 1 < len(lines) and "-->" in lines[first + 1]


def _blocks(lines: list[str], start: int):
    """(line number of the block's first line, its lines) for runs of non-blank lines."""
    block: list[str] = []
    block_start = start
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip():
            if not block:
                block_start = index + 1
            block.append(line)
        elif block:
            yield block_start, block
            block = []
    if block:
        yield block_start, block


def _read_vtt(lines: list[str], start: int) -> list[Cue]:
    cues: list[Cue] = []
    blocks = _blocks(lines, start)
    # The header block (metadata such as "Kind: captions") ends at the first blank line.
    if start < len(lines) and lines[start].strip():
        next(blocks, None)
    voice = ""
    for number, block in blocks:
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        timing_index = 0 if "-->" in block[0] else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise CaptionError(
                f"line {number}: expected a cue timing line like '00:00:01.000 --> 00:00:04.000'"
            )
        cue, voice = _cue(block, timing_index, number + timing_index, voice, vtt=True)
        if cue:
            cues.append(cue)
    return cues


def _read_srt(lines: list[str], start: int) -> list[Cue]:
    cues: list[Cue] = []
    voice = ""
    for number, block in _blocks(lines, start):
        if "-->" in block[0]:
            timing_index = 0  # the cue number is optional in practice
        elif block[0].strip().isdigit() and len(block) > 1 and "-->" in block[1]:
            timing_index = 1
        else:
            raise CaptionError(
                f"line {number}: expected a cue number and a timing line like "
                "'00:00:01,000 --> 00:00:04,000'"
            )
        cue, voice = _cue(block, timing_index, number + timing_index, voice, vtt=False)
        if cue:
            cues.append(cue)
    return cues


def _cue(block: list[str], timing_index: int, line: int, voice: str, *, vtt: bool):
    """The cue in ``block`` (None when it has no text) and the voice that continues."""
    timing = _TIMING_RE.match(block[timing_index].strip())
    if not timing:
        raise CaptionError(
            f"line {line}: malformed cue timing {block[timing_index].strip()[:60]!r}"
        )
    start_ms = _timestamp(timing[1], line)
    end_ms = _timestamp(timing[2], line)
    if end_ms < start_ms:
        raise CaptionError(
            f"line {line}: the cue ends ({format_timestamp(end_ms)}) before it starts "
            f"({format_timestamp(start_ms)})"
        )
    payload = "\n".join(block[timing_index + 1 :])
    tagged = _VOICE_RE.search(payload) if vtt or "<v" in payload else None
    if tagged:
        voice = _clean(html.unescape(tagged[1]))
    text = _clean(html.unescape(_ASS_TAG_RE.sub("", _TAG_RE.sub("", payload))))
    changed = _SPEAKER_CHANGE_RE.match(text)
    if changed:
        text = text[changed.end() :]
        if not tagged:
            voice = ""  # a new speaker, perhaps named just below
    prefix = _NAME_PREFIX_RE.match(text)
    if prefix and not tagged:
        voice = prefix[1]
        text = text[prefix.end() :]
    if not text:
        return None, voice
    return Cue(start_ms=start_ms, end_ms=end_ms, text=text, voice=voice, line=line), voice


def _timestamp(raw: str, line: int) -> int:
    match = _TIMESTAMP_RE.match(raw)
    if not match:
        raise CaptionError(f"line {line}: malformed timestamp {raw[:30]!r} (expected HH:MM:SS.mmm)")
    hours, minutes, seconds, ms = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(ms)


def _clean(text: str) -> str:
    return _SPACES_RE.sub(" ", text.replace("\u00a0", " ")).strip()


def _check_order(cues: list[Cue]) -> tuple[list[Cue], list[str]]:
    """Refuse cues out of time order; cut overlapping ones short, saying so."""
    fixed: list[Cue] = []
    overlaps: list[int] = []
    for cue in cues:
        if fixed and cue.start_ms < fixed[-1].start_ms:
            previous = fixed[-1]
            raise CaptionError(
                f"line {cue.line}: the cue starts at {format_timestamp(cue.start_ms)}, before "
                f"the cue on line {previous.line} ({format_timestamp(previous.start_ms)}); "
                "cues must be in time order"
            )
        if fixed and cue.start_ms < fixed[-1].end_ms:
            fixed[-1] = replace(fixed[-1], end_ms=cue.start_ms)
            overlaps.append(cue.line)
        fixed.append(cue)
    warnings = []
    if overlaps:
        shown = ", ".join(str(line) for line in overlaps[:_MAX_OVERLAP_LINES_SHOWN])
        more = ", …" if len(overlaps) > _MAX_OVERLAP_LINES_SHOWN else ""
        count = len(overlaps)
        warnings.append(
            f"{count} cue{'s' if count > 1 else ''} overlapped the one before (line"
            f"{'s' if count > 1 else ''} {shown}{more}): each earlier cue now ends where "
            "the next one starts"
        )
    return fixed, warnings
