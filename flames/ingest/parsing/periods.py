"""Years in a role: "(2007-2009)", "(since 2019)", "... 2015-2019"."""

from __future__ import annotations

import re

from flames.ingest.parsing.punctuation import _TRAILING_PUNCT, _strip_trailing

# Years: "(2007-2009)", "(2015–2019)", "(2014)", "(1997-2001, 2015-2018)", "(since 2019)".
_YEARS_PAREN_RE = re.compile(r"\(([^()]*\b(?:19|20)\d\d\b[^()]*)\)")
_PERIOD_RE = re.compile(
    r"^(?:(?P<since>since|from|з|від)\s+)?(?:(?P<until>until|till|up\s+to|до|по)\s+)?"
    r"(?P<start>(?:19|20)\d\d)(?:\s*(?:[-–—]|to|until|till|до|по)\s*"
    r"(?P<end>(?:19|20)\d\d|\d\d|present|now|today|теперішній\s+час|тепер|нині|дотепер|"
    r"т\.\s?ч\.))?\s*(?:рр?\.|роки|років)?$",
    re.I,
)
_PERIOD_SEPARATOR_RE = re.compile(r"[,;]|\s+(?:and|та|і)\s+")
_TRAILING_RANGE_RE = re.compile(r"\s+(?:in\s+)?((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)$")


def _extract_periods(text: str) -> tuple[str, list[tuple[int | None, int | None]]]:
    """Remove "(2007-2009)"-style periods from a role; one (start, end) per period."""
    periods: list[tuple[int | None, int | None]] = []
    if "(" not in text and not text.rstrip(_TRAILING_PUNCT)[-1:].isdigit():
        return text, periods  # no brackets and no trailing year: skip the patterns
    for match in reversed(list(_YEARS_PAREN_RE.finditer(text))):
        found = [_period(chunk) for chunk in _PERIOD_SEPARATOR_RE.split(match.group(1))]
        if any(p is None for p in found):
            continue  # not only years: the bracket is part of the title
        periods[:0] = [p for p in found if p is not None]
        text = text[: match.start()].rstrip() + text[match.end() :]
    if not periods:
        match = _TRAILING_RANGE_RE.search(_strip_trailing(text))
        if match:
            periods.append((int(match.group(1)), int(match.group(2))))
            text = _strip_trailing(text)[: match.start()]
    return text, periods


def _period(chunk: str) -> tuple[int | None, int | None] | None:
    match = _PERIOD_RE.match(chunk.strip())
    if not match:
        return None
    start = int(match["start"])
    if match["until"]:
        return None, start
    end_text = match["end"]
    if end_text is None:
        return (start, None) if match["since"] else (start, start)
    if end_text.isdigit():
        end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
        return start, end
    return start, None  # "2019–present"
