"""Each client's budget for expensive public requests, kept in Django's cache.

``Budget`` is a WSGI layer between the page cache and Django (flames.wsgi): what the
page cache could not answer and still has a query string after it dropped the
parameters no page reads is a render (a search, a filtered or paged list, a feed with
parameters). Those count against a budget per client and fixed window
(BUDGET_REQUESTS per BUDGET_SECONDS); over it, a 429 page with Retry-After, answered
before Django runs from a page rendered once: a flood of refusals costs about what a
flood of cached pages does, so readers beside it are not kept waiting. The count lives
in the cache, Redis when FLAMES_REDIS_URL is set, so every app server sees it; a fixed
window needs one atomic increment per request and nothing else.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest

from flames.guard import clients
from flames.web.errorpages import KeptAnswers, error_page, language_of

log = logging.getLogger(__name__)


def client_address(request) -> str:
    """The client's address by the rule in flames.guard.clients (also axes' address)."""
    return address_in(request.META)


def address_in(environ) -> str:
    return clients.client_address(
        environ.get("REMOTE_ADDR", ""),
        environ.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(settings.TRUSTED_PROXIES),
    )


class Budget:
    """WSGI middleware answering 429 to a client over its budget of renders."""

    def __init__(self, app, *, back_office: str):
        self.app = app
        self.back_office = back_office
        self.answers = KeptAnswers()

    def __call__(self, environ, start_response):
        if self._is_expensive(environ):
            wait = spend(clients.budget_holder(address_in(environ)))
            if wait:
                return self._refuse(environ, start_response, wait)
        return self.app(environ, start_response)

    def _is_expensive(self, environ) -> bool:
        return (
            settings.BUDGET_REQUESTS > 0
            and bool(environ.get("QUERY_STRING"))
            and not environ.get("PATH_INFO", "").startswith(self.back_office)
        )

    def _refuse(self, environ, start_response, wait: int):
        request = WSGIRequest(environ)
        key = (language_of(request), request.is_secure(), wait)
        answer = self.answers.get(key) or self.answers.keep(key, too_many_requests(request, wait))
        return answer.send(start_response)


def spend(holder: str) -> int:
    """Count one expensive request of this client: the seconds it must wait, or 0.

    Within a window, the first BUDGET_BURST requests are allowed at once and the rest
    of the budget at an even pace: a flood's renders come one by one, never as a
    queue of them in front of other readers. Refused requests count too, so a flood
    spends the window's budget by its burst.
    """
    window, budget, burst = settings.BUDGET_SECONDS, settings.BUDGET_REQUESTS, settings.BUDGET_BURST
    now = time.time()
    start = now - now % window
    key = f"budget:{holder}:{int(start)}"
    # A second's grace, so that the key outlives its window on every server's clock.
    if cache.add(key, 1, timeout=window + 1):
        used = 1
    else:
        try:
            used = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.add(key, 1, timeout=window + 1)
            used = 1
    pace = window / budget  # seconds per request after the burst
    if used <= min(budget, burst + (now - start) / pace):
        return 0
    # When this request would have been allowed, at the latest when the window ends.
    allowed_at = start + min(window, (used - burst) * pace)
    wait = max(1, math.ceil(allowed_at - now))
    if cache.add(f"{key}:told", True, timeout=window + 1):  # once a window
        log.warning(
            "Client %s is over its budget of %d requests in %d s: refused for %d s",
            *(holder, budget, window, wait),
        )
    return wait


def too_many_requests(request, wait: int):
    response = error_page(request, 429, context={"wait": wait})
    response["Retry-After"] = str(wait)
    return response
