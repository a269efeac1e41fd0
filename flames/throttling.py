"""Each client's budget for expensive public requests, kept in Django's cache.

Cached pages are answered by the page cache before Django runs (flames.pagecache), so
what reaches this middleware with a query string is a render: a search, a filtered or
paged list, a feed with parameters. Those count against a budget per client and fixed
window (BUDGET_REQUESTS per BUDGET_SECONDS); over it, a 429 page with Retry-After. The
count lives in the cache, Redis when FLAMES_REDIS_URL is set, so every app server sees
it; a fixed window needs one atomic increment per request and nothing else.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse

from flames import clients
from flames.export.rendering import STATIC_EXPORT_KEY

log = logging.getLogger(__name__)


def client_address(request) -> str:
    """The client's address by the rule in flames.clients (also axes' address)."""
    return clients.client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        tuple(settings.TRUSTED_PROXIES),
    )


class BudgetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_expensive(request):
            wait = spend(clients.budget_holder(client_address(request)))
            if wait:
                return too_many_requests(request, wait)
        return self.get_response(request)


def _is_expensive(request) -> bool:
    return (
        settings.BUDGET_REQUESTS > 0
        and bool(request.META.get("QUERY_STRING"))
        and not request.path.startswith(reverse("admin:index"))
        # `flames export` renders every page in a row through this middleware.
        and STATIC_EXPORT_KEY not in request.META
    )


def spend(holder: str) -> int:
    """Count one expensive request of this client: the seconds it must wait, or 0."""
    window = settings.BUDGET_SECONDS
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
    if used <= settings.BUDGET_REQUESTS:
        return 0
    wait = max(1, math.ceil(start + window - now))
    if used == settings.BUDGET_REQUESTS + 1:
        log.warning(
            "Client %s is over its budget of %d requests in %d s: refused for %d s",
            *(holder, settings.BUDGET_REQUESTS, window, wait),
        )
    return wait


def too_many_requests(request, wait: int):
    response = render(request, "429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response
