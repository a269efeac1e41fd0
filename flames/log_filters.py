"""Filters for the logging configuration (loaded with the settings: no Django imports)."""

import logging


class NotTooManyRequests(logging.Filter):
    """Drop Django's warning for each 429 answer. Flames says what matters once: each
    failed sign-in (flames.sign_in) and each client that runs over its budget, once a
    window (flames.throttling); a flood of refusals must not become a flood of log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 429
