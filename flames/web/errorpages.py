"""Pages for requests Django cannot answer, rendered without the database.

- 503 while the database is unreachable: Django's ``handler500`` turns a
  database error into it (``server_error``), as does ``AnswerErrors``.
- 413 for a request body over its limit (``flames.guard.bodylimit``).
- 429 for a client over its budget of renders (``flames.guard.throttling``).
- 500 for any other exception, also one that escapes Django: ``AnswerErrors``,
  the outermost WSGI layer, answers it instead of the server's empty 500.

Each page is in the reader's language (the address's /en/ or /uk/, else
Accept-Language), carries the security headers every response has, and is
rendered without a request in its context: context processors, which query the
database, do not run.
"""

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from flames.web import outage

RETRY_AFTER_SECONDS = 30
TEMPLATES = {413: "413.html", 429: "429.html", 500: "500.html", 503: "503.html"}
# Refusals kept by KeptAnswers: a few languages, schemes and waits.
KEPT_ANSWERS = 256

logger = logging.getLogger(__name__)


def error_page(request: HttpRequest, status: int, *, context=None) -> HttpResponse:
    """The page for ``status``, with the site's security headers."""
    language = language_of(request)
    with translation.override(language):
        response = HttpResponse(render_to_string(TEMPLATES[status], context), status=status)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return with_security_headers(request, response)


def language_of(request: HttpRequest) -> str:
    """The reader's language: the address's /en/ or /uk/, else their browser's."""
    return translation.get_language_from_request(request, check_path=True)


def server_error(request) -> HttpResponse:
    """Django's handler500: a 503 when the database is unreachable, else a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, outage.UNREACHABLE):
        outage.database_unreachable(error)
        return error_page(request, 503)
    return error_page(request, 500)


def with_security_headers(request, response: HttpResponse) -> HttpResponse:
    # Django's own middleware, so these pages say exactly what every other page says
    # (HSTS only over HTTPS); both only add headers a response does not have yet.
    def unused(request):
        raise AssertionError("only process_response is called")

    response = SecurityMiddleware(unused).process_response(request, response)
    response = XFrameOptionsMiddleware(unused).process_response(request, response)
    response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
    return response


def wsgi_response(response: HttpResponse, start_response, exc_info=None) -> list[bytes]:
    status = f"{response.status_code} {response.reason_phrase}"
    start_response(status, list(response.items()), exc_info)
    return [response.content]


@dataclass(frozen=True)
class Answer:
    status: str
    headers: list
    body: bytes

    def send(self, start_response) -> list[bytes]:
        start_response(self.status, self.headers)
        return [self.body]


class KeptAnswers:
    """Answers that are the same for every request with the same key (a refusal in one
    language, say), kept after the first so that a flood of them renders nothing."""

    def __init__(self):
        self.answers: dict = {}

    def get(self, key) -> Answer | None:
        return self.answers.get(key)

    def keep(self, key, response: HttpResponse) -> Answer:
        answer = Answer(
            f"{response.status_code} {response.reason_phrase}",
            list(response.items()),
            response.content,
        )
        if len(self.answers) < KEPT_ANSWERS:
            self.answers[key] = answer
        return answer


class AnswerErrors:
    """The outermost WSGI layer: an exception that escaped everything else gets a
    page (503 for the database, else 500), never the server's empty 500."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            return self.app(environ, start_response)
        except Exception as error:
            if isinstance(error, outage.UNREACHABLE):
                outage.database_unreachable(error)
                status = 503
            else:
                logger.exception(
                    "error answering %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
                )
                status = 500
            return wsgi_response(
                error_page(_request(environ), status), start_response, sys.exc_info()
            )


def _request(environ) -> HttpRequest:
    try:
        return WSGIRequest(environ)
    except Exception:  # the environ itself may be what failed
        return HttpRequest()
