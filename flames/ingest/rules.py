"""The rules an import follows, as pure functions: which episode an announcement is about,
and which values it may change. No Django here, so the rules read and test on their own."""

from difflib import SequenceMatcher
from enum import Enum

# Titles in the same language at least this alike are the same episode's title.
CLOSE_TITLE_RATIO = 0.8
# Below this, two titles under one number are two different episodes (numbers repeat).
SAME_NUMBER_TITLE_RATIO = 0.6
# Sources that say nothing about which episode a text is: every paste and every pipe.
ANONYMOUS_SOURCES = frozenset({"-", "pasted"})


class Write(Enum):
    SAME = "same"  # the site already says what the announcement says
    SET = "set"  # empty, or still what an import wrote: the announcement may change it
    KEEP = "keep"  # an editor wrote it: it stays, and the difference is listed


def decide(current, announced, imported):
    """Whether an import may replace ``current`` with ``announced``.

    ``imported`` is what an earlier import wrote there (None if none did). A value that
    differs from it was written by an editor, in the back office or anywhere else."""
    if announced in ("", None) or current == announced:
        return Write.SAME
    if current in ("", None) or (imported is not None and current == imported):
        return Write.SET
    return Write.KEEP


def titles_alike(a: str, b: str, ratio: float) -> bool:
    return bool(a and b) and SequenceMatcher(None, a.casefold(), b.casefold()).ratio() >= ratio


def same_panel_in_order(announced: list[int], panel: list[int]) -> bool:
    """Most of both panels are the same people, in the same order.

    Two speakers who often appear together do not make two episodes one: the common
    run must cover more than half of the larger panel, and at least two people."""
    common = _longest_common_run(announced, panel)
    return common >= 2 and common * 2 > max(len(announced), len(panel))


def _longest_common_run(a: list[int], b: list[int]) -> int:
    """Length of the longest common subsequence (panels are a handful of people)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for index, y in enumerate(b):
            current.append(previous[index] + 1 if x == y else max(previous[index + 1], current[-1]))
        previous = current
    return previous[-1]
