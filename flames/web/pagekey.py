"""The page cache's key for a request: what Django sees of it.

The key holds the scheme as Django computes it (``X-Forwarded-Proto`` counts only
when settings trust it), the host as Django validates it, the language Django
picks (from the address, else ``Accept-Language``), the path, and the query
parameters the page declares with ``@public_page(params=...)``: in sorted order,
the last value of each (the one ``request.GET.get`` reads). Django is handed
that same canonical query string, so a page cannot depend on anything outside
its key: ``/en/?x=1`` is ``/en/``, and ``?page=2&letter=B`` is ``?letter=B&page=2``.
"""

import functools
import io
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.urls import Resolver404, resolve
from django.utils import translation

# What Django reads of a request to tell its scheme, host, language and path.
_REQUEST_PARTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "HTTP_ACCEPT_LANGUAGE",
)


def declared_params(urlconf: str, language: str, path: str) -> tuple[str, ...] | None:
    """The query parameters the public page at ``path`` reads; None for any other address."""
    # Language-prefixed patterns match the active language's prefix only.
    with translation.override(language):
        try:
            view = resolve(path, urlconf).func
        except Resolver404:
            return None
    return getattr(view, "public_params", None)


def _parameters(query_string: str) -> dict[str, str]:
    """The query's parameters as ``request.GET.get`` reads them: the last value of each.
    (Django's QueryDict, which does the same, costs as much as serving a cached page.)"""
    raw = query_string.encode("iso-8859-1")  # WSGI gives the bytes as Latin-1
    try:
        text = raw.decode(settings.DEFAULT_CHARSET)
    except UnicodeDecodeError:
        text = raw.decode("iso-8859-1")
    pairs = parse_qsl(
        text,
        keep_blank_values=True,
        encoding=settings.DEFAULT_CHARSET,
        max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
    )
    return dict(pairs)


class PageKeys:
    """Keys of requests for public pages. The answers for each combination of request
    parts are remembered: asking Django costs more than the rest of serving a page."""

    def __init__(self, remembered: int = 4096):
        self._request_parts = (
            *_REQUEST_PARTS,
            *(settings.SECURE_PROXY_SSL_HEADER or ("HTTP_X_FORWARDED_PROTO",))[:1],
        )
        self._what_django_sees = functools.lru_cache(maxsize=remembered)(self._ask_django)

    def __call__(self, environ) -> tuple[tuple, dict] | None:
        """The key of a request for a public page, and the environ Django gets; None
        for any other request."""
        seen = self._what_django_sees(tuple(map(environ.get, self._request_parts)))
        if seen is None:
            return None
        *address, params = seen
        query = ""
        if params and environ.get("QUERY_STRING"):
            try:
                given = _parameters(environ["QUERY_STRING"])
            except ValueError:  # too many fields: Django says so
                return None
            query = urlencode([(name, given[name]) for name in params if name in given])
        return (*address, query), {**environ, "QUERY_STRING": query}

    def _ask_django(self, request_parts: tuple) -> tuple | None:
        """Scheme, host, language and path as Django sees them, and the parameters the
        page declares; None if it is no public page, or Django refuses the host."""
        environ = {
            name: value
            for name, value in zip(self._request_parts, request_parts, strict=True)
            if value is not None
        }
        request = WSGIRequest({**environ, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()})
        try:
            host = request.get_host()
        except SuspiciousOperation:
            return None
        language = translation.get_language_from_request(request, check_path=True)
        params = declared_params(settings.ROOT_URLCONF, language, request.path_info)
        if params is None:
            return None
        return request.scheme, host, language, request.path, params
