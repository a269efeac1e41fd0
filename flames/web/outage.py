"""What the site does while its database cannot be reached.

Cached pages are still served (``flames.web.pagecache``), everything else gets a 503
page rendered without the database (``flames.web.errorpages``), and the log says so
in one line, at most once a minute per process, instead of a traceback per
request. Nothing needs restarting: the page cache retries every second and
Django opens a fresh connection for each request after a failed one
(``conn_health_checks``), so service returns within a second of the database.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError

# What a stopped server, a refused connection or an unreadable SQLite file raise.
UNREACHABLE = (OperationalError, InterfaceError)
REPORT_INTERVAL_SECONDS = 60

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_reported_at: float | None = None


def database_unreachable(error: BaseException) -> None:
    """Say once, then at most once a minute, that the database cannot be reached."""
    global _reported_at
    now = time.monotonic()
    with _lock:
        if _reported_at is not None and now - _reported_at < REPORT_INTERVAL_SECONDS:
            return
        _reported_at = now
    reason = " ".join(str(error).split()) or type(error).__name__
    logger.error("database unreachable: %s", reason)


def database_reachable() -> None:
    """Say once that the database answers again, if it was reported unreachable."""
    global _reported_at
    with _lock:
        if _reported_at is None:
            return
        _reported_at = None
    logger.warning("database reachable again")
