"""Which stored links may be written into a page, a feed or an export.

Only ``http``, ``https`` and ``mailto`` links are ever written out. A stored link may
come from anywhere (the admin form refuses others, but a shell, a fixture or an
import does not ask it), so the rule is applied where links are read, not where they
are written: ``flames.values.fields.LinkField`` reads every stored link through
``safe_link``.

Browsers ignore leading and trailing spaces and control characters in a link and
drop tabs and line breaks anywhere in it, so ``" java\\tscript:..."`` runs as
``javascript:``; the scheme is read the way they read it.
"""

import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and the space
_INSIDE_RE = re.compile(r"[\t\n\r]")
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def with_scheme(url: str) -> str:
    """``url`` with ``https://`` in front when it starts with ``www.`` and has no scheme:
    announcements write "www.example.org/donate", which a page would read as a path."""
    if url[:4].lower() == "www.":
        return f"https://{url}"
    return url


def safe_link(url: str) -> str:
    """``url`` as a browser would read it, if its scheme is http, https or mailto (a
    ``www.`` link counts as https); otherwise "", which pages show as no link."""
    cleaned = with_scheme(_INSIDE_RE.sub("", url.strip(_EDGES)))
    scheme = _SCHEME_RE.match(cleaned)
    if scheme is None or scheme.group(1).lower() not in ALLOWED_SCHEMES:
        return ""
    return cleaned
