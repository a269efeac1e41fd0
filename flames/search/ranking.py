"""Relevance of the candidates a backend found (pure Python, no Django).

Both backends only find matches; ranking them happens here, the same way for SQLite and
PostgreSQL. The score is BM25F-like: a term counts ten times in a title, four times in
the names of the people an entry is about and once in the body, saturates as it
repeats, is normalised by the body's length, and is weighted by how rare it is among the
candidates (the engines' own rankers would scan every document containing a common
word to learn its rarity, which costs more than the whole search).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from flames.search.query import Query
from flames.search.text import KEY_MARK

TITLE_WEIGHT = 10.0
NAMES_WEIGHT = 4.0
BODY_WEIGHT = 1.0
K1 = 1.2
B = 0.75
AVERAGE_BODY_WORDS = 100


@dataclass(frozen=True)
class Texts:
    """An entry's folded columns."""

    title_terms: str
    names_terms: str
    body_terms: str


def _needle(token: str, prefix: bool) -> str:
    """What to count in space-padded folded text: the token as a word or a word start."""
    return f" {token}" if prefix else f" {token} "


def _needles(query: Query) -> list[tuple[str, str]]:
    """For each term and phrase: its needle, and its name key's needle ("" if none)."""
    needles = [
        (
            _needle(term.token, term.prefix),
            _needle(KEY_MARK + term.key, term.prefix) if term.key else "",
        )
        for term in query.terms
    ]
    needles += [(_needle(" ".join(phrase.tokens), False), "") for phrase in query.phrases]
    return needles


def _frequencies(texts: Texts, needles: list[tuple[str, str]]) -> list[float]:
    """Weighted frequency of each term and phrase in ``texts``."""
    title = f" {texts.title_terms} "
    names = f" {texts.names_terms} "
    body = f" {texts.body_terms} "
    found = []
    for needle, key in needles:
        frequency = (
            TITLE_WEIGHT * title.count(needle)
            + NAMES_WEIGHT * names.count(needle)
            + BODY_WEIGHT * body.count(needle)
        )
        if key:
            frequency += NAMES_WEIGHT * names.count(key)
        found.append(frequency)
    return found


def scores(candidates: list[Texts], query: Query) -> list[float]:
    """A relevance score for each candidate, higher is better."""
    needles = _needles(query)
    table = [_frequencies(texts, needles) for texts in candidates]
    total = len(candidates)
    rarity = []
    for index in range(len(needles)):
        containing = sum(1 for row in table if row[index] > 0)
        rarity.append(math.log(1 + (total - containing + 0.5) / (containing + 0.5)))
    result = []
    for texts, row in zip(candidates, table, strict=True):
        length = texts.body_terms.count(" ") + 1 if texts.body_terms else 0
        norm = K1 * (1 - B + B * length / AVERAGE_BODY_WORDS)
        result.append(
            sum(weight * f / (f + norm) for weight, f in zip(rarity, row, strict=True) if f)
        )
    return result
