"""Numbers read from a query string, where anything may arrive.

``int()`` alone is not enough: it accepts "²"-like digits that it then refuses, other
scripts' digits, and thousands of digits (too many for it, for a date or for the
database). A value that is not a plain number in range is treated as absent.
"""

import re

_DIGITS_RE = re.compile(r"[0-9]{1,9}")

# The years an episode may be filed under: wide enough for any archive, narrow enough for
# any date arithmetic the database does with them.
FIRST_YEAR, LAST_YEAR = 1901, 2199


def bounded_int(text: str, *, low: int, high: int) -> int | None:
    """``text`` as an integer from ``low`` to ``high``, or None."""
    if not _DIGITS_RE.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def year(text: str) -> int | None:
    return bounded_int(text, low=FIRST_YEAR, high=LAST_YEAR)
