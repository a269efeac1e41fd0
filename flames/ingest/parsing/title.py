"""The title, the episode number and the language of an announcement."""

from __future__ import annotations

import re

from flames.ingest.parsing.closing import _is_closing
from flames.ingest.parsing.lines import _TIMESTAMP_RE, _URL_RE, _Line
from flames.ingest.parsing.results import AnnouncementError, Speaker
from flames.ingest.parsing.speakers import _LABEL_RE, _speaker_parts, _strict_speaker

_LETTER_RE = re.compile(r"[^\W\d_]")
_CYRILLIC_RUN_RE = re.compile(r"[\u0400-\u04ff]+")
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# On lower-cased text: "Ukraine in Flames #121", "UIF #594", "«Україна в огні» #121".
_SERIES_NUMBER_RE = re.compile(
    r"(?:ukraine\s+in\s+flames|\buif|україна\s+в\s+огні|україна\s+у\s+вогні)[»\"”]?"
    r"\s*[:,.\-–—]?\s*(?:[#№]|\bno\.|\bepisode|\bвипуск)\s*(\d{1,5})\b"
)
_HASH_LINE_RE = re.compile(r"[#№]\s*(\d{1,5})$")  # a line that is only "#121"
# The series' label at either end of a title: its name, an episode number or both.
_SERIES_NAME = r"[«\"“]?(?:ukraine\s+in\s+flames|uif|україна\s+[ву]\s+(?:огні|вогні))\b[»\"”]?"
_EPISODE_NUMBER = r"(?:[#№]\s*|\bno\.\s*|\bepisode\s+|\bвипуск\s+)\d{1,5}\b"
_TITLE_HEAD_RE = re.compile(
    rf"[^\w«\"“#№]*(?:{_SERIES_NAME}(?:\s*[,.\-–—]?\s*(?P<number>{_EPISODE_NUMBER}))?"
    rf"|(?P<alone>{_EPISODE_NUMBER}))(?:(?P<separator>\s*[:.|–—\-]\s*)|\s+|$)",
    re.I,
)
_TITLE_TAIL_RE = re.compile(
    rf"\s*[|–—:(\[\-]\s*(?:{_SERIES_NAME}(?:\s*[,.\-–—]?\s*{_EPISODE_NUMBER})?|{_EPISODE_NUMBER})"
    r"\s*[)\]]?\W*$",
    re.I,
)
_TITLE_NUMBER_RE = re.compile(
    r"^[#№]\s*(\d{1,5})\b|[:|(\[–—-]\s*[#№]\s*(\d{1,5})\W*$|\b(?:episode|випуск)\s*[#№]?\s*"
    r"(\d{1,5})\b"
)


def _title_line_number(lines: list[_Line]) -> int:
    for index, line in enumerate(lines):
        if line.text:
            return index
    raise AnnouncementError("empty text")


def _is_title_like(line: _Line) -> bool:
    text = line.text
    return not (
        (line.bullet and _speaker_parts(line.body) is not None)  # "🔥 Title" is fine
        or len(text) > 300
        or not _LETTER_RE.search(text)
        or _TIMESTAMP_RE.match(text)
        or _URL_RE.match(text)
        or _LABEL_RE.match(text)
        or _is_closing(line)
    )


def _find_title(lines: list[_Line], warnings: list[str]) -> tuple[int, str, str]:
    """Index of the title line, that line as written, and the title without the series'
    label; raises if the text does not start with a title."""
    first = _title_line_number(lines)
    line = lines[first]
    if not _is_title_like(line):
        raise AnnouncementError("no recognisable title")
    following = next((other for other in lines[first + 1 :] if other.text), None)
    if following and _strict_speaker(line.body) and _strict_speaker(following.body):
        raise AnnouncementError("no recognisable title (the text starts with a speaker list)")
    title = _without_series_label(line.text)
    if title:
        return first, line.text, title
    # Only a label ("UIF #594"): a short line on its own right after it is the real
    # title; otherwise there is no title, and the editor is told to write one.
    index = first + 1
    while index < len(lines) and not lines[index].text:
        index += 1
    if index > first + 1 and index < len(lines):
        candidate = lines[index]
        alone = index + 1 >= len(lines) or not lines[index + 1].text
        if (
            alone
            and _is_title_like(candidate)
            and len(candidate.text) <= 150
            and not candidate.text.endswith(".")
            and _speaker_parts(candidate.body) is None
        ):
            return index, candidate.text, _without_series_label(candidate.text)
    warnings.append(f"the title is only a label: {line.text!r}")
    return first, line.text, ""


def _without_series_label(text: str) -> str:
    """The title without the series' name and episode number around it ("Ukraine in
    Flames #121: ...", "... | #88"): the number is kept apart, and the series is known."""
    head = _TITLE_HEAD_RE.match(text)
    # The series' name alone is a label only before a separator ("Ukraine in Flames: ...").
    if head and (head["number"] or head["alone"] or head["separator"] or head.end() == len(text)):
        text = text[head.end() :]
    tail = _TITLE_TAIL_RE.search(text)
    if tail and tail.start():
        text = text[: tail.start()]
    return text.strip()


def _find_number(title: str, lines: list[_Line], warnings: list[str]) -> int | None:
    found: list[int] = []
    low_title = title.lower()
    match = _TITLE_NUMBER_RE.search(low_title) if _has_number_marker(low_title) else None
    if match:
        found.append(int(next(group for group in match.groups() if group)))
    for low in [low_title, *(line.low for line in lines)]:
        if not _has_number_marker(low):
            continue  # most lines: skip the regexes
        found.extend(int(m.group(1)) for m in _SERIES_NUMBER_RE.finditer(low))
        hash_line = _HASH_LINE_RE.match(low)
        if hash_line:
            found.append(int(hash_line.group(1)))
    if not found:
        warnings.append("no episode number found")
        return None
    if len(set(found)) > 1:
        numbers = ", ".join(f"#{n}" for n in dict.fromkeys(found))
        warnings.append(f"several episode numbers ({numbers}); took #{found[0]}")
    return found[0]


def _has_number_marker(low: str) -> bool:
    """Whether a lower-cased line has what every episode number pattern needs: a cheap test
    before the patterns, which are slow to search."""
    return "#" in low or "№" in low or "no." in low or "episode" in low or "випуск" in low


def _language(title: str, summary: str, speakers: list[Speaker]) -> str:
    # A few hundred letters decide the script as well as the whole text would.
    people = " ".join(s.name + " " + s.announced_as for s in speakers)
    sample = " ".join([title, summary[:200], people[:200]])
    # Letters of a script = how much shorter the sample is without them (faster than
    # adding up the lengths of the runs findall returns).
    cyrillic = len(sample) - len(_CYRILLIC_RUN_RE.sub("", sample))
    if not cyrillic:
        return "en"  # an English text has no Cyrillic, and counting its Latin letters is slow
    latin = len(sample) - len(_LATIN_RUN_RE.sub("", sample))
    return "uk" if cyrillic > latin else "en"
