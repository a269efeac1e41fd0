"""Snippets with the matched words marked (pure Python apart from Django's escaping).

Words are matched the way the index matches them: folded, by prefix for prefix terms,
and by name key for names ("Огризко" marks "Ogryzko"). Everything else is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from flames.people.names import APOSTROPHES
from flames.search.query import Query
from flames.search.text import name_tokens, tokens

# A word, apostrophes inside it included ("Ukraine’s", "м’ясо").
_WORD_RE = re.compile(rf"[^\W_]+(?:[{APOSTROPHES}][^\W_]+)*")
# The same in escaped text, where ' is &#x27;; other entities are not words.
_ESCAPED_QUOTE = "&#x27;"
_ENTITY_OR_WORD_RE = re.compile(
    rf"(?P<entity>&#?\w+;)|(?P<word>[^\W_]+(?:(?:[{APOSTROPHES}]|{_ESCAPED_QUOTE})[^\W_]+)*)"
)
SNIPPET_WORDS = 32
LEAD_WORDS = 8


# Folding a word and computing its name key cost microseconds each, and the same words
# recur in every snippet: remember them (per process, bounded).
_tokens = lru_cache(maxsize=100_000)(tokens)
_name_tokens = lru_cache(maxsize=100_000)(name_tokens)


@lru_cache(maxsize=100_000)
def _matches(word: str, query: Query) -> bool:
    if any(query.highlights(token) for token in _tokens(word)):
        return True
    if query.has_keys and word[:1].isupper():
        keys = _name_tokens(word)
        return any(term.matches_key(key) for term in query.terms for key in keys)
    return False


def _render(text: str, query: Query) -> str:
    """``text`` escaped, its matching words marked. The text is escaped first, in one
    go; entities (&amp;, &#x27;) are skipped when words are looked for in the result."""
    return _ENTITY_OR_WORD_RE.sub(
        lambda found: (
            f"<mark>{found[0]}</mark>"
            if found.lastgroup == "word" and _matches(found[0].replace(_ESCAPED_QUOTE, "'"), query)
            else found[0]
        ),
        escape(text),
    )


def highlight(text: str, query: Query) -> SafeString:
    """All of ``text``, escaped, with the matching words in <mark>."""
    return mark_safe(_render(text, query))  # noqa: S308 - escaped first


def snippet(text: str, query: Query, *, words: int = SNIPPET_WORDS) -> SafeString:
    """About ``words`` words of ``text`` around its first match, marked and escaped."""
    text = " ".join(text.split())
    spans = list(_WORD_RE.finditer(text))
    if len(spans) <= words:
        return mark_safe(_render(text, query))  # noqa: S308 - escaped first
    first = next((i for i, span in enumerate(spans) if _matches(span.group(), query)), 0)
    start = max(0, min(first - LEAD_WORDS, len(spans) - words))
    end = start + words
    window = text[spans[start].start() : spans[end - 1].end()]
    html = _render(window, query)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(spans) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308
