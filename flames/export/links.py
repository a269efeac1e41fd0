"""Where each address of the site lives in a static mirror, and links rewritten to match.

Pure Python, no Django: the exporter renders pages through the real views at
``origin`` (e.g. ``http://localhost``) and this module turns every address in
what came back into one that works in the mirror:

- A page address ``/en/episodes/x/`` is the file ``en/episodes/x/index.html``;
  a file address (``/en/feeds/episodes.rss``) is that file.
- Static hosts ignore query strings, so ``/en/episodes/?page=2`` becomes the
  folder ``en/episodes/page/2/`` (``key/value`` segments, sorted by key; an
  unusual value becomes a short hash) and ``/sitemap-x.xml?p=2`` the file
  ``sitemap-x/p/2.xml``.
- In relative mode (no base URL) links the browser follows (``href``, ``src``,
  ``action``) become relative file paths ending in ``index.html``, so the
  mirror opens from disk; addresses anywhere else (feeds, sitemap, OpenGraph,
  JSON-LD) stay absolute at ``origin``.
- With a base URL (``https://mirror.example/uif/``) every address points into
  the base: root-relative links stay root-relative under its path, absolute
  ones become absolute under it.

A ``Target`` tells the rewriter what an address turned out to be when it was
rendered: a file of the mirror, a redirect, or nothing that the mirror has.
"""

import functools
import hashlib
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

INDEX = "index.html"
# What a folder address holds when it answers with something other than HTML.
INDEX_BY_KIND = {
    "html": "index.html",
    "json": "index.json",
    "xml": "index.xml",
    "calendar": "index.ics",
    "text": "index.txt",
}
KINDS = {
    "text/html": "html",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "text/calendar": "calendar",
    "text/plain": "text",
    "text/css": "css",
    "application/javascript": "js",
    "text/javascript": "js",
}
_SAFE = "/:@!$&'()*+,;=~-._"
_SIMPLE_VALUE = re.compile(r"[\w.-]{1,64}")
# Attributes whose value the browser follows: rewritten to relative paths in relative mode.
_FOLLOWED = ("href", "src", "action", "poster")
_ATTRIBUTE = re.compile(r"""(\s(?:""" + "|".join(_FOLLOWED) + r""")=")([^"]*)(")""")
# Where an absolute URL ends in running text, JSON, XML or an attribute.
_URL_TAIL = r"""(?:[/?#][^\s"'<>\\]*)?"""


def kind_of(content_type: str) -> str:
    """'html', 'xml', 'json', 'calendar', 'text', 'css', 'js' or 'binary'."""
    return KINDS.get(content_type.split(";", 1)[0].strip().lower(), "binary")


def normalize(path: str, query: str = "") -> str:
    """The key of an address: decoded path, query pairs sorted (``/a/?k=v&l=w``)."""
    key = unquote(path) or "/"
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return f"{key}?{urlencode(pairs)}" if pairs else key


def split_key(key: str) -> tuple[str, list[tuple[str, str]]]:
    path, _, query = key.partition("?")
    return path, parse_qsl(query, keep_blank_values=True)


def request_path(key: str) -> str:
    """The key as a request line path (percent-encoded)."""
    path, pairs = split_key(key)
    quoted = quote(path, safe=_SAFE)
    return f"{quoted}?{urlencode(pairs)}" if pairs else quoted


def _segment(value: str) -> str:
    if _SIMPLE_VALUE.fullmatch(value) and value not in (".", ".."):
        return value
    return "~" + hashlib.blake2b(value.encode(), digest_size=6).hexdigest()


def file_for(key: str, kind: str = "html") -> str:
    """The mirror file (relative, no leading slash) holding the address ``key``."""
    path, pairs = split_key(key)
    segments = [_segment(part) for pair in pairs for part in pair]
    if path.endswith("/"):
        folder = path.lstrip("/") + "".join(f"{segment}/" for segment in segments)
        return folder + INDEX_BY_KIND.get(kind, INDEX)
    name = path.lstrip("/")
    if not segments:
        return name
    stem, extension = posixpath.splitext(name)
    return f"{stem}/{'/'.join(segments)}{extension}"


def public_path(file: str) -> str:
    """The address path (no leading slash) a mirror file is served at: folders for pages."""
    if file == INDEX:
        return ""
    if file.endswith("/" + INDEX):
        return file[: -len(INDEX)]
    return file


def relative(target_file: str, from_file: str) -> str:
    """A relative link from one mirror file to another (``../../people/x/index.html``)."""
    source = from_file.split("/")[:-1]
    target = target_file.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    parts = [".."] * (len(source) - common) + target[common:]
    return "/".join(parts)


@dataclass(frozen=True)
class Target:
    """What an address is in the mirror.

    ``file``: a file of the mirror. ``external``: an address outside the site to
    send readers to instead (a redirect that leaves the site). Neither: the
    address is not part of the mirror (not public, or not found).
    """

    file: str | None = None
    external: str | None = None


Resolver = Callable[[str], Target | None]


@dataclass(frozen=True)
class Mirror:
    """How addresses are written: rendered at ``origin``, published at ``base`` (or relative)."""

    origin: str
    base: str | None = None
    static_url: str = "/static/"

    def __post_init__(self):
        if self.base is not None and not self.base.endswith("/"):
            object.__setattr__(self, "base", self.base + "/")

    @property
    def relative(self) -> bool:
        return self.base is None

    @property
    def absolute_base(self) -> str:
        return self.base or self.origin + "/"

    @property
    def base_path(self) -> str:
        return urlsplit(self.absolute_base).path

    def internal_key(self, url: str, page_key: str = "/") -> tuple[str, str] | None:
        """(key, fragment) of a link on the page ``page_key``, or None if it leaves the site."""
        if not url or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        if not _same_on_every_page(url):
            url = urljoin(self.origin + request_path(page_key), url)
        return _site_key(self.origin, url)

    def is_static(self, key: str) -> bool:
        return key.startswith(self.static_url)

    def address(self, file: str, *, absolute: bool) -> str:
        """The published address of a mirror file, absolute or root-relative."""
        path = quote(public_path(file), safe=_SAFE)
        return (self.absolute_base if absolute else self.base_path) + path


def _same_on_every_page(url: str) -> bool:
    """Whether ``url`` means the same address whichever page it is on (not relative)."""
    return url.startswith("/") or "://" in url[:12]


# Every page links the same navigation, assets and people: parse each address once.
@functools.lru_cache(maxsize=1 << 16)
def _site_key(origin: str, url: str) -> tuple[str, str] | None:
    """(key, fragment) of a root-relative or absolute ``url``, or None if it leaves ``origin``."""
    parts = urlsplit(urljoin(origin + "/", url))
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    return normalize(parts.path, parts.query), parts.fragment


def references(text: str, kind: str, mirror: Mirror, page_key: str) -> Iterator[str]:
    """Keys of the site's own addresses that ``text`` refers to (links, assets, feeds)."""
    for match in _scanner(mirror.origin, kind).finditer(
        _unfold(text) if kind == "calendar" else text
    ):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if kind in ("html", "xml"):
            url = html.unescape(url)
        found = mirror.internal_key(url, page_key)
        if found is not None:
            yield found[0]


def rewrite(
    text: str,
    kind: str,
    mirror: Mirror,
    page_key: str,
    page_file: str,
    resolve: Resolver,
    known: dict | None = None,
) -> str:
    """``text`` with every address of the site rewritten for the mirror.

    Addresses the mirror does not have are left pointing at the base (or origin).
    ``known`` (a dict kept across the pages of one export) remembers rewritten
    addresses that do not depend on the page they are on.
    """
    escape = kind in ("html", "xml")
    if known is None or mirror.relative:
        known = {}  # relative links depend on the page

    def replace(match: re.Match) -> str:
        whole = match.group(0)
        if whole in known:
            return known[whole]
        attribute = match.group(2) is not None
        raw = match.group(2) if attribute else match.group(4)
        url = html.unescape(raw) if escape else raw
        found = mirror.internal_key(url, page_key)
        if found is None:
            return match.group(0)
        key, fragment = found
        was_absolute = "://" in url[:12]
        new = _address(key, fragment, mirror, resolve, page_file, attribute, was_absolute)
        if escape:
            new = html.escape(new, quote=True)
        rewritten = f"{match.group(1)}{new}{match.group(3)}" if attribute else new
        if _same_on_every_page(url):
            known[whole] = rewritten
        return rewritten

    if kind == "calendar":
        return _fold(_scanner(mirror.origin, kind).sub(replace, _unfold(text)))
    return _scanner(mirror.origin, kind).sub(replace, text)


def _address(key, fragment, mirror, resolve, page_file, attribute, was_absolute) -> str:
    target = resolve(key)
    suffix = f"#{fragment}" if fragment else ""
    if target is not None and target.external:
        return target.external + suffix
    if target is not None and target.file:
        file = target.file
    else:
        # Not in the mirror: the address it would have, so a later export may fill it.
        file = key.lstrip("/") if mirror.is_static(key) else file_for(key)
    if attribute and mirror.relative:
        return quote(relative(file, page_file), safe=_SAFE) + suffix
    return mirror.address(file, absolute=was_absolute or not attribute) + suffix


_SCANNERS: dict[tuple[str, str], re.Pattern] = {}


def _scanner(origin: str, kind: str) -> re.Pattern:
    """Groups: 1-3 a followed attribute (prefix, value, quote); 4 an absolute URL."""
    scanner = _SCANNERS.get((origin, kind))
    if scanner is None:
        absolute = f"({re.escape(origin)}(?![\\w.:@-]){_URL_TAIL})"
        # Outside HTML the attribute groups never match ((?!) always fails).
        attributes = _ATTRIBUTE.pattern if kind == "html" else "()()()(?!)"
        pattern = f"{attributes}|{absolute}"
        scanner = _SCANNERS[(origin, kind)] = re.compile(pattern)
    return scanner


def _unfold(text: str) -> str:
    """RFC 5545 3.1: a line break followed by a space or tab continues the line."""
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def _fold(text: str, limit: int = 75) -> str:
    """Fold calendar lines longer than ``limit`` octets, never inside a character."""
    lines = []
    for line in text.split("\r\n"):
        encoded = line.encode()
        if len(encoded) <= limit:
            lines.append(line)
            continue
        pieces, start, room = [], 0, limit
        while start < len(encoded):
            end = min(start + room, len(encoded))
            while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
                end -= 1
            pieces.append(encoded[start:end].decode())
            start, room = end, limit - 1
        lines.append("\r\n ".join(pieces))
    return "\r\n".join(lines)


def content_security_meta(policy: str, *, allow_wasm: bool) -> str:
    """A ``<meta http-equiv>`` form of a Content-Security-Policy header.

    Browsers ignore ``frame-ancestors``, ``report-uri`` and ``sandbox`` in a
    meta element (and warn), so they are left out; ``allow_wasm`` adds
    ``'wasm-unsafe-eval'`` to script-src for pages that run WebAssembly.
    """
    directives = []
    for directive in policy.split(";"):
        directive = directive.strip()
        name = directive.split(" ", 1)[0]
        if not directive or name in ("frame-ancestors", "report-uri", "report-to", "sandbox"):
            continue
        if allow_wasm and name == "script-src":
            directive += " 'wasm-unsafe-eval'"
        directives.append(directive)
    content = html.escape("; ".join(directives), quote=True)
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'


def redirect_page(target: str, *, title: str, text: str, lang: str) -> str:
    """A page that sends readers on to ``target`` (static hosts cannot answer 301)."""
    href = html.escape(target, quote=True)
    return (
        f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{href}">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n"
        f'<body>\n<p><a href="{href}">{html.escape(text)}</a></p>\n</body>\n</html>\n'
    )
