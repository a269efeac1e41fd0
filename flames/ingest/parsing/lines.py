"""Checking the input and cutting it into lines: every kind of space and line break made
ordinary, invisible characters dropped, bullets taken off, paragraphs found."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from flames.ingest.parsing.results import MAX_BYTES, AnnouncementError

_BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff]")
# Every other line break becomes "\n", every kind of space one ordinary space; invisible
# characters go.
_NEWLINE_RE = re.compile(r"[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MULTISPACE_RE = re.compile(r"  +")

# A bullet: one or more bullet symbols, or "1." / "1)" followed by a space.
_BULLET_RE = re.compile(r"^(?:[-–—*•·‣⁃▪▫►▸▹◦○●■□♦◆❖➢➤➔✓✔☑→»>]+\s*|\d{1,2}[.)]\s+)")
_TIMESTAMP_RE = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\b")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+", re.I)
_URL_TRAILING = ".,;:!?)]»”’'\""


def _check_input(text: str) -> None:
    if not isinstance(text, str):
        raise AnnouncementError(f"expected text, got {type(text).__name__}")
    # A character is at most 4 bytes in UTF-8: short texts need no encoding to be measured.
    if len(text) * 4 > MAX_BYTES:
        size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise AnnouncementError(f"text is over 1 MB ({size:,} bytes)")
    if not text or text.isspace():
        raise AnnouncementError("empty text")
    bad = _BAD_CHAR_RE.search(text)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        raise AnnouncementError("invalid text (unpaired surrogate characters)")
    if bad:
        raise AnnouncementError("binary content (control characters), not text")


class _Line(NamedTuple):
    number: int  # 1-based, as an editor would count in the file
    text: str  # whitespace-normalised
    body: str  # without a leading bullet
    bullet: bool
    low: str  # body lower-cased, for the classifying patterns


def _line(number: int, text: str, body: str, bullet: bool) -> _Line:
    return _Line(number, text, body, bullet, body.lower())


def _lines(text: str) -> list[_Line]:
    """Lines with every kind of space made ordinary (NBSP, thin, zero-width) and bullets off."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    text = _SPACES_RE.sub(" ", _INVISIBLE_RE.sub("", _NEWLINE_RE.sub("\n", text)))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:  # a third of the lines or more: nothing to strip or lower-case
            lines.append(_Line(number, "", "", False, ""))
            continue
        if "  " in line:  # runs of spaces, collapsed line by line: most were indents, gone now
            line = _MULTISPACE_RE.sub(" ", line)
        body, bullet = _strip_bullet(line)
        lines.append(_Line(number, line, body, bullet, body.lower()))
    return lines


def _strip_bullet(line: str) -> tuple[str, bool]:
    """``line`` without its bullet, if it has one; ``line`` is not empty."""
    if line[0].isalpha():
        return line, False  # most lines: no bullet symbol, digit or pictograph can start them
    match = _BULLET_RE.match(line)
    if match and match.end() < len(line):
        return line[match.end() :], True
    # Emoji and other pictographs are used as bullets too ("🔹 Name, role").
    if unicodedata.category(line[0]) == "So":
        rest = line[1:].lstrip("\ufe0f ")
        if rest:
            return rest, True
    return line, False


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs
