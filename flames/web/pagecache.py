"""A page cache in front of Django for anonymous readers.

Public pages are the same for every reader without cookies, so the WSGI
wrapper below answers repeat requests from memory without entering Django at
all. A view opts in with ``@public_page``, naming the query parameters it reads.
A page's key is what Django sees of the request, its declared parameters only
(``flames.web.pagekey``): ``/en/?x=1`` is answered with ``/en/``.

Only a 200 with ``Cache-Control: public``, no ``Set-Cookie`` and a ``Vary`` of at
most ``Cookie`` and ``Accept-Language`` (the language is in the key) is kept.
Any change to content (``flames.changes``) bumps ``ContentVersion``, and each process rechecks that
number at most once a second. While the database cannot be reached, a cached
page is served whatever its age or version: stale is better than nothing
(see ``flames.web.outage``).
"""

import functools
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.utils.cache import patch_cache_control

from flames import changes
from flames.models import ContentVersion
from flames.web import outage
from flames.web.pagekey import PageKeys

# Browsers and CDNs may reuse a public page for this long.
SHARED_CACHE_SECONDS = 60


def public_page(view=None, *, params=()):
    """Mark a view's successful responses to anonymous readers as shareable.

    ``params`` names the query parameters the view reads: the page cache keys on
    these and hides every other parameter from the view.
    """
    if view is None:
        return functools.partial(public_page, params=params)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not request.user.is_authenticated:
            patch_cache_control(response, public=True, max_age=SHARED_CACHE_SECONDS)
        return response

    wrapper.public_params = tuple(sorted(params))
    return wrapper


def current_version() -> int:
    return ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def pages_changed(sender, **kwargs) -> None:
    """Invalidate every server's cached pages once the current transaction commits
    (listens to ``flames.changes``)."""
    changes.at_commit("_flames_pages_changed", ["pages"], _bump_version)


def _bump_version(_pages: set) -> None:
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
        self._version: int | None = None
        self._checked_at = -check_interval
        self._lock = threading.Lock()
        self.keys = PageKeys()

    def __call__(self, environ, start_response):
        page = self.keys(environ) if self._may_cache(environ) else None
        if page is None:
            return self.app(environ, start_response)
        key, environ = page
        version = self._content_version()
        entry = self.entries.get(key)
        if entry and (
            version is None  # the database is unreachable
            or (entry.version == version and entry.expires > time.monotonic())
        ):
            return self._answer(environ, start_response, entry)
        return self._render_and_store(environ, start_response, key, version)

    def _may_cache(self, environ) -> bool:
        return (
            self.max_entries > 0
            and environ["REQUEST_METHOD"] in ("GET", "HEAD")
            and "HTTP_COOKIE" not in environ
            and "HTTP_AUTHORIZATION" not in environ
            and not environ.get("PATH_INFO", "").startswith(settings.STATIC_URL)
        )

    def _content_version(self) -> int | None:
        """The content version, at most check_interval old; None while the database
        cannot be reached (and until the first answer)."""
        # One thread checks; the others go on with the last answer meanwhile.
        if time.monotonic() - self._checked_at >= self.check_interval and self._lock.acquire(
            blocking=False
        ):
            try:
                self._version = current_version()
                outage.database_reachable()
            except outage.UNREACHABLE as error:
                outage.database_unreachable(error)
                self._version = None
                # Django closes broken connections between requests; this check runs outside them.
                connections["default"].close()
            finally:
                self._checked_at = time.monotonic()
                self._lock.release()
        return self._version

    def _answer(self, environ, start_response, entry: _Entry):
        if _not_modified(environ, entry):
            start_response("304 Not Modified", entry.validators)
            return [b""]
        start_response(entry.status, entry.headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]

    def _render_and_store(self, environ, start_response, key, version: int | None):
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
        if version is not None and environ["REQUEST_METHOD"] == "GET" and _is_shareable(captured):
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
        and vary <= {"cookie", "accept-language"}
    )
