"""Reading what a reader typed into a search query (pure Python, no Django).

The reader's text never reaches a database as syntax: it is cut into folded words,
"quoted phrases" and nothing else. Operators (AND, OR, NOT, NEAR, -, *), brackets, SQL
and full-text syntax become plain words or disappear, and the backends render the
result into their own syntax from these tokens alone. Every word of three letters or
more also matches as a prefix ("sanc" finds "sanctions"), and every word is also
looked up by its name key, so "Клімкін" finds "Klimkin".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flames.search.text import name_tokens, tokens, words

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "Phrase", "Query", "Term", "parse_query"]

MAX_QUERY_CHARS = 300
MAX_TERMS = 10
MAX_PHRASE_WORDS = 8
MIN_PREFIX = 3
MAX_WORD_CHARS = 60
_QUOTES_RE = re.compile(r"[\"“”„«»″]")

# Words too common to narrow a search; dropped unless the query has nothing else.
STOPWORDS = frozenset(
    """a an and are as at be by did do does for from had has have in is it its of on or
    not that the this to was were what when where which who why will with about how
    і й та а але в у на з із зі до що як це не за про від для по чи ж же""".split()
)


@dataclass(frozen=True)
class Term:
    token: str  # the folded word
    key: str = ""  # its name key (transliterated, romanisation folded)
    prefix: bool = False

    def matches(self, token: str) -> bool:
        return token.startswith(self.token) if self.prefix else token == self.token

    def matches_key(self, key: str) -> bool:
        if not self.key:
            return False
        return key.startswith(self.key) if self.prefix else key == self.key


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]

    def found_in(self, sequence: list[str]) -> bool:
        size = len(self.tokens)
        return any(
            tuple(sequence[index : index + size]) == self.tokens
            for index in range(len(sequence) - size + 1)
        )


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    words: frozenset[str] = field(default_factory=frozenset)  # every folded word, for marks

    def __post_init__(self):
        # Snippets look words up by (word, query) thousands of times per search.
        object.__setattr__(self, "_hash", hash((self.text, self.terms, self.phrases)))
        object.__setattr__(self, "_has_keys", any(term.key for term in self.terms))

    def __hash__(self) -> int:
        return self._hash

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def has_keys(self) -> bool:
        return self._has_keys

    def highlights(self, token: str) -> bool:
        """Whether a folded word of a text should be marked as matching."""
        return token in self.words or any(term.matches(token) for term in self.terms)

    def found_in(self, sequence: list[str], keys: set[str] = frozenset()) -> bool:
        """Whether every term and phrase occurs in ``sequence`` (folded words, in order);
        ``keys`` are name keys that count for the terms' keys."""
        present = set(sequence)
        for term in self.terms:
            if term.token in present or (term.key and term.key in keys):
                continue
            if not term.prefix:
                return False
            if not any(term.matches(token) for token in present) and not any(
                term.matches_key(key) for key in keys
            ):
                return False
        return all(phrase.found_in(sequence) for phrase in self.phrases)


def parse_query(raw: str) -> Query:
    """Terms and phrases of a reader's query; empty (falsy) when nothing is searchable.

    >>> parse_query('"black sea" Ohryzko OR').terms
    (Term(token='ohryzko', key='ohrizko', prefix=True),)
    """
    text = " ".join(raw[:MAX_QUERY_CHARS].split())
    parts = _QUOTES_RE.split(text)
    closed = len(parts) - 1 if len(parts) % 2 == 0 else len(parts)
    terms: dict[str, Term] = {}
    phrases: dict[tuple[str, ...], Phrase] = {}
    for index, part in enumerate(parts):
        if index % 2 == 1 and index < closed:
            quoted = tuple(token[:MAX_WORD_CHARS] for token in tokens(part))[:MAX_PHRASE_WORDS]
            if len(quoted) == 1:
                terms.setdefault(quoted[0], Term(quoted[0]))
            elif quoted:
                phrases.setdefault(quoted, Phrase(quoted))
            continue
        for written, token in words(part):
            token = token[:MAX_WORD_CHARS]
            if token not in terms:
                terms[token] = _term(written, token)
    chosen = [term for term in terms.values() if term.prefix or term.token not in STOPWORDS]
    if not chosen and not phrases:
        chosen = list(terms.values())
    chosen = chosen[:MAX_TERMS]
    phrase_list = tuple(phrases.values())[: max(0, MAX_TERMS - len(chosen))]
    every_word = {term.token for term in chosen} | {
        token for phrase in phrase_list for token in phrase.tokens
    }
    return Query(text=text, terms=tuple(chosen), phrases=phrase_list, words=frozenset(every_word))


def _term(written: str, token: str) -> Term:
    if token in STOPWORDS:
        return Term(token)
    keys = name_tokens(written[:MAX_WORD_CHARS])
    key = keys[0] if len(keys) == 1 else ""
    return Term(token, key=key, prefix=len(token) >= MIN_PREFIX)
