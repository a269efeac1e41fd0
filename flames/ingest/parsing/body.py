"""The text between the title and the closing text: speakers, summary and warnings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flames.ingest.parsing.lines import _TIMESTAMP_RE, _URL_RE, _Line, _line, _paragraphs
from flames.ingest.parsing.results import Speaker
from flames.ingest.parsing.speakers import (
    _INLINE_LABEL_RE,
    _LABEL_RE,
    _plain_speaker,
    _speaker_candidate,
    _speaker_parts,
    _SpeakerParts,
    _speakers_from_line,
)

_HASHTAGS_RE = re.compile(r"^(?:#\w+[\s,]*)+$")
_TIMESTAMPS_HEADING_RE = re.compile(
    r"^(?:timestamps?|time\s*codes?|timecodes|chapters|таймкоди|тайм-коди|зміст)\s*:?\s*$", re.I
)
_BIO_HEADING_RE = re.compile(
    r"^(?:about\s+(?:the\s+|our\s+)?(?:speakers|guests|panel(?:l?ists)?)"
    r"|(?:speakers?|guests?)['’]?\s*(?:bios?|biographies|profiles)|bios?|biographies"
    r"|who\s+(?:are|were)\s+the\s+(?:speakers|guests)|про\s+спікерів|біографії(?:\s+спікерів)?"
    r"|хто\s+такі\s+спікери)\s*:?\s*$",
    re.I,
)
_METADATA_RE = re.compile(
    r"^(?:source|джерело|read\s+more|читайте\s+також|originally\s+published)\s*:", re.I
)
_NUMBER_ONLY_RE = re.compile(
    r"^(?:(?:ukraine\s+in\s+flames|uif|україна\s+в\s+огні)[»\"”]?\W*)?[«\"“]?(?:[#№]|no\.)\s*"
    r"\d{1,5}\W*$|^[«\"“]?(?:ukraine\s+in\s+flames|uif|україна\s+в\s+огні)[»\"”]?\s*[#№]?\s*"
    r"\d{1,5}\W*$",
    re.I,
)
# Lines that are neither summary nor speakers, as one anchored pattern (one test a line).
_SKIP_RE = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (
            _TIMESTAMP_RE,
            _TIMESTAMPS_HEADING_RE,
            _METADATA_RE,
            _HASHTAGS_RE,
            _NUMBER_ONLY_RE,
        )
    ),
    re.I,
)


@dataclass
class _Body:
    speakers: list[Speaker] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # paragraphs
    warnings: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # of the speakers, kept in step
    label_active: bool = False
    in_bios: bool = False


def _skip_line(line: _Line, title: str) -> bool:
    """Lines that are neither summary nor speakers: timestamps, links, markers, metadata."""
    return line.text == title or bool(_SKIP_RE.match(line.body)) or _is_link_line(line)


def _is_link_line(line: _Line) -> bool:
    """A link with at most a short lead ("Watch on YouTube: https://...")."""
    if "http" not in line.low and "www." not in line.low:
        return False
    without = _URL_RE.sub("", line.text)
    return without != line.text and len(without.strip(" :–—-")) < 40


def _read_body(lines: list[_Line], title: str) -> _Body:
    body = _Body()
    for paragraph in _paragraphs(lines):
        if body.in_bios:
            continue
        _read_paragraph(_join_wrapped(paragraph), title, body)
    return body


def _join_wrapped(paragraph: list[_Line]) -> list[_Line]:
    """A bulleted speaker line wrapped onto the next line continues there ("(2015-2019)")."""
    joined: list[_Line] = []
    for line in paragraph:
        previous = joined[-1] if joined else None
        wrapped = line.body[:1] == "(" or line.body[:1].islower()
        if previous is not None and previous.bullet and not line.bullet and wrapped:
            text, body = f"{previous.text} {line.text}", f"{previous.body} {line.body}"
            joined[-1] = _line(previous.number, text, body, True)
        else:
            joined.append(line)
    return joined


def _read_paragraph(paragraph: list[_Line], title: str, body: _Body) -> None:
    items: list[tuple[_Line, str, bool]] = []  # (line, text to read, listed as a speaker)
    for line in paragraph:
        if _skip_line(line, title):
            continue
        if _BIO_HEADING_RE.match(line.body):
            body.in_bios = True
            break
        label = _LABEL_RE.match(line.body)
        if label and label["rest"] and _speaker_parts(label["rest"]) is None:
            label = None  # "Experts warn: ..." is a sentence, not a label
        if label:
            body.label_active = True
            if label["rest"]:
                items.append((line, label["rest"], True))
            continue
        inline = _INLINE_LABEL_RE.search(line.body) if ":" in line.body else None
        if inline and _speaker_parts(line.body[inline.end() :]) is not None:
            items.append((line, line.body[: inline.start()], False))
            items.append((line, line.body[inline.end() :], True))
            body.label_active = True
            continue
        items.append((line, line.body, line.bullet or body.label_active))

    parsed = [(line, text, listed, _speaker_candidate(text)) for line, text, listed in items]
    has_full_name = any(p is not None and p.full_name for _, _, _, p in parsed)
    # Plain lines are speakers only as a whole paragraph of "Name, roles" lines.
    plain_list = bool(parsed) and all(listed or _plain_speaker(p) for _, _, listed, p in parsed)
    found_any = False
    prose: list[str] = []
    for line, text, listed, parts in parsed:
        accepted = parts is not None and (
            (listed and (parts.full_name or has_full_name or body.label_active))
            or (plain_list and not listed)
        )
        if accepted and parts is not None:
            found_any = True
            _add_speakers(parts, line, body)
        elif not _is_bio(text, body):
            prose.append(text)
            if listed and line.bullet and has_full_name:
                body.warnings.append(f"line {line.number}: not read as a speaker: {text[:60]!r}")
    if prose:
        body.summary.append("\n".join(prose))
    if found_any:
        body.label_active = False


def _add_speakers(parts: _SpeakerParts, line: _Line, body: _Body) -> None:
    for speaker in _speakers_from_line(parts):
        if speaker.name in body.names:
            # Bio sections repeat the list; the first listing is how they were announced.
            if speaker.roles:
                body.warnings.append(f"line {line.number}: {speaker.name} listed again; skipped")
            continue
        body.speakers.append(speaker)
        body.names.add(speaker.name)
        if speaker.warning:
            body.warnings.append(speaker.warning)


def _is_bio(text: str, body: _Body) -> bool:
    """After the list, a paragraph starting with a speaker's name is their bio."""
    if not body.names:
        return False
    words = text.split(" ", 5)  # a name has at most five words: look its first words up
    return any(" ".join(words[:size]) in body.names for size in range(1, len(words) + 1))
