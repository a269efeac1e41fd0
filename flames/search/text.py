"""Folding text into search tokens (pure Python, no Django).

The index and the queries go through the same folding, so both backends compare plain
tokens: lower case (Unicode case folding), Latin diacritics removed ("Braže" -> "braze",
"Lefèvre" -> "lefevre") while Cyrillic letters keep theirs (й, ї and ё are letters, not
accents), the apostrophe variants of Ukrainian and English (' ’ ʼ and friends) dropped so
"м'ясо", "м’ясо" and "мʼясо" are one word, and words split on anything that is not a
letter or a digit. Tokens are joined with single spaces, which every tokenizer splits
the same way.

Person names are additionally indexed by :func:`flames.people.names.name_key`, which
transliterates Cyrillic and folds romanisation differences, so "Клімкін" finds "Klimkin"
and "Ohryzko" finds "Ogryzko".
"""

from __future__ import annotations

import re
import unicodedata

from flames.people.names import APOSTROPHES, name_key

__all__ = ["FACET_MARK", "KEY_MARK", "fold", "name_tokens", "tokens", "words"]

# Name keys and filter tokens are stored with these marks, so a word of a text never
# matches them by accident ("has" is not the name key of "Hasan"), on either database,
# without restricting a query to parts of the index.
KEY_MARK = "0k"
FACET_MARK = "0f"

_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
_WORD_RE = re.compile(r"[^\W_]+")
# A Latin (or other non-Cyrillic) letter followed by combining marks: keep the letter.
_MARKS_RE = re.compile(
    r"([^\u0400-\u04ff])[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
# Letters that carry a stroke rather than a combining accent.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)


def _fold_case(text: str) -> str:
    text = _APOSTROPHE_RE.sub("", text)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", _MARKS_RE.sub(r"\1", text)).translate(_LETTERS)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``.

    >>> tokens("Ukraine’s path: Київ, м'ясо and Braže")
    ['ukraines', 'path', 'київ', 'мясо', 'and', 'braze']
    """
    return _WORD_RE.findall(_fold_case(text))


def fold(*texts: str) -> str:
    """The folded words of all ``texts``, space-separated: what the index stores."""
    return " ".join(_WORD_RE.findall(_fold_case(" ".join(text for text in texts if text))))


def words(text: str) -> list[tuple[str, str]]:
    """(word as written, folded token) pairs; name keys are computed from the former.

    >>> words("Klympush-Tsintsadze's")
    [('Klympush', 'klympush'), ('Tsintsadzes', 'tsintsadzes')]
    """
    return [
        (raw, token)
        for raw in _WORD_RE.findall(_APOSTROPHE_RE.sub("", text))
        for token in tokens(raw)
    ]


def name_tokens(name: str) -> list[str]:
    """The words of ``name``'s matching key (equal across scripts and romanisations).

    >>> name_tokens("Володимир Огризко") == name_tokens("Volodymyr Ohryzko")
    True
    """
    return name_key(name).replace("-", " ").split()
