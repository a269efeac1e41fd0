"""Logging filters that keep the log to one line per event (see settings.LOGGING)."""

import logging

from flames.web.outage import UNREACHABLE


class WithoutTraceback(logging.Filter):
    """Log the message alone: for events whose traceback says nothing new, such as a
    request for a host not in ALLOWED_HOSTS (its message names the host)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = record.stack_info = None
        return True


class WithoutOutageErrors(logging.Filter):
    """Drop what Django logs for each request that failed for want of the database:
    ``flames.web.outage.database_unreachable`` says it once, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, UNREACHABLE)


class NotTooManyRequests(logging.Filter):
    """Drop Django's warning for each 429 answer. Flames says what matters once: each
    failed sign-in (flames.guard.sign_in) and each client that runs over its budget, once a
    window (flames.guard.throttling); a flood of refusals must not become a flood of log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 429
