"""A page cache in front of Django for anonymous readers.

Public pages are the same for every reader without cookies, so the WSGI
wrapper below answers repeat requests from memory without entering Django at
all. A view opts in with ``@public_page``; anything with cookies, a
``Set-Cookie``, a ``Vary`` other than ``Cookie``, or a status other than 200
passes straight through. Any change to content bumps ``ContentVersion``, and
each process rechecks that number at most once a second.
"""

import functools
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.cache import patch_cache_control

from flames.models import ContentVersion

# Browsers and CDNs may reuse a public page for this long.
SHARED_CACHE_SECONDS = 60


def public_page(view):
    """Mark a view's successful responses to anonymous readers as shareable."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=SHARED_CACHE_SECONDS)
        return response

    return wrapper


def current_version() -> int:
    return ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def content_changed(**_signal_kwargs) -> None:
    """Invalidate every server's cached pages once the current transaction commits."""
    connection = transaction.get_connection()
    # An import saves hundreds of rows in one transaction; one bump at commit is enough.
    if any(entry[1] is _bump_version for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": 1})


@dataclass(frozen=True)
class _Entry:
    version: int
    expires: float
    status: str
    headers: list
    body: bytes

    @property
    def validators(self) -> list:
        """The headers a 304 repeats (RFC 9110, 15.4.5)."""
        keep = {"etag", "last-modified", "cache-control", "vary", "content-location"}
        return [(name, value) for name, value in self.headers if name.lower() in keep]

    def header(self, name: str) -> str | None:
        return next((v for n, v in self.headers if n.lower() == name), None)


def _not_modified(environ, entry: _Entry) -> bool:
    etag = entry.header("etag")
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        return etag is not None and etag in {tag.strip() for tag in if_none_match.split(",")}
    last_modified = entry.header("last-modified")
    return last_modified is not None and environ.get("HTTP_IF_MODIFIED_SINCE") == last_modified


class PageCache:
    """WSGI middleware serving cached public pages from process memory."""

    def __init__(self, app, *, max_entries: int, seconds: int, check_interval: float = 1.0):
        self.app = app
        self.max_entries = max_entries
        self.seconds = seconds
        self.check_interval = check_interval
        self.entries: dict[tuple, _Entry] = {}
        self._version = -1
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not self._may_cache(environ):
            return self.app(environ, start_response)
        # Feeds and link previews carry absolute URLs, which differ by scheme and host.
        key = (
            environ.get("wsgi.url_scheme", "http"),
            environ.get("HTTP_HOST", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
        )
        version = self._content_version()
        entry = self.entries.get(key)
        if entry and entry.version == version and entry.expires > time.monotonic():
            if _not_modified(environ, entry):
                start_response("304 Not Modified", entry.validators)
                return [b""]
            start_response(entry.status, entry.headers)
            return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        return self._render_and_store(environ, start_response, key, version)

    def _may_cache(self, environ) -> bool:
        return (
            self.max_entries > 0
            and environ["REQUEST_METHOD"] in ("GET", "HEAD")
            and "HTTP_COOKIE" not in environ
            and "HTTP_AUTHORIZATION" not in environ
            and not environ.get("PATH_INFO", "").startswith(settings.STATIC_URL)
        )

    def _content_version(self) -> int:
        now = time.monotonic()
        if now - self._checked_at >= self.check_interval:
            with self._lock:
                if now - self._checked_at >= self.check_interval:
                    self._version = current_version()
                    self._checked_at = now
        return self._version

    def _render_and_store(self, environ, start_response, key, version):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if environ["REQUEST_METHOD"] == "GET" and _is_shareable(captured):
            if len(self.entries) >= self.max_entries:
                self.entries.pop(next(iter(self.entries)), None)
            self.entries[key] = _Entry(
                version,
                time.monotonic() + self.seconds,
                captured["status"],
                captured["headers"],
                body,
            )
        return [body]


def _is_shareable(captured) -> bool:
    if not captured.get("status", "").startswith("200"):
        return False
    headers = {name.lower(): value for name, value in captured["headers"]}
    vary = {part.strip().lower() for part in headers.get("vary", "").split(",") if part.strip()}
    return (
        "public" in headers.get("cache-control", "")
        and "set-cookie" not in headers
        and vary <= {"cookie"}
    )
