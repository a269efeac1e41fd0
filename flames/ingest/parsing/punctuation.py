"""Trailing punctuation, and splitting text on commas and semicolons outside brackets and
quotes."""

from __future__ import annotations

import re

from flames.ingest.parsing.vocabulary import _ABBREVIATIONS

_TRAILING_PUNCT = " .,;/:"
_NESTING_RE = re.compile(r"[(\[“«„\"]")
_STRUCTURE_RE = re.compile(r"[,;()\[\]“”«»„\"]")
_SEGMENT_RE = re.compile(r"[^,;]*[^,; ][^,;]*")  # a span between separators, not blank
_OPENING = {"(": ")", "[": "]", "“": "”", "«": "»", "„": "“"}


def _strip_trailing(text: str) -> str:
    """Drop trailing ".", ",", ";", "/", ":" but keep the dot of "Inc." or "Jr."."""
    if text and text[-1] not in _TRAILING_PUNCT and text[0] != " ":
        return text  # the usual case, and this runs for every name and role
    text = text.strip()
    stripped = text.rstrip(_TRAILING_PUNCT)
    if stripped != text and text.endswith("."):
        last = text.rsplit(" ", 1)[-1].casefold()
        if last in _ABBREVIATIONS:
            return text
    return stripped.strip()


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in ``text``: the cheap test before a slow pattern.
    (``map`` with a bound method runs in C; a generator expression, slower, ran for every
    line.)"""
    return any(map(text.__contains__, words))


def _split_top_level(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between commas and semicolons outside brackets and quotes."""
    if "," not in text and ";" not in text:  # a single role: one span, if not blank
        return [_trimmed_span(0, len(text), text)] if text.strip(" ") else []
    if not _NESTING_RE.search(text):
        # Nothing to stay inside of (most roles): let the regex engine find the spans.
        return [_trimmed_span(m.start(), m.end(), text) for m in _SEGMENT_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    closers: list[str] = []
    in_straight_quote = False
    start = 0
    for match in _STRUCTURE_RE.finditer(text):
        index, char = match.start(), match.group()
        if char == '"':
            in_straight_quote = not in_straight_quote
        elif _closes_as_opening(text, index, closers):
            closers.pop()
        elif char in _OPENING and not (char == "„" and closers and closers[-1] == "“"):
            closers.append(_OPENING[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in ",;" and not closers and not in_straight_quote:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    trimmed = (_trimmed_span(begin, end, text) for begin, end in spans)
    return [(begin, end) for begin, end in trimmed if begin < end]


def _closes_as_opening(text: str, index: int, closers: list[str]) -> bool:
    """A closing quote typed as an opening one ("“Name“, journalist"): a “ that ends a word
    while a “ is open."""
    return (
        text[index] == "“"
        and bool(closers)
        and closers[-1] == "”"
        and not text[index + 1 : index + 2].isalnum()
    )


def _trimmed_span(begin: int, end: int, text: str) -> tuple[int, int]:
    while begin < end and text[begin] == " ":
        begin += 1
    while end > begin and text[end - 1] == " ":
        end -= 1
    return begin, end
