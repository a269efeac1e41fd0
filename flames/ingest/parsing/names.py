"""Whether a run of words reads as a person's name."""

from __future__ import annotations

from flames.ingest.parsing.vocabulary import _NAME_PARTICLES, _NOT_NAME_WORDS
from flames.people.names import APOSTROPHES


def _is_name_word(word: str) -> bool:
    """A capitalised word of letters ("Ihor", "McTear", "O’Brien", "Klympush-Tsintsadze")."""
    if len(word) > 1 and word.isalpha() and word[0].isupper() and word[1:].islower():
        return True  # the usual case
    for part in word.split("-"):
        if not part or not part[0].isupper() or not part[0].isalpha():
            return False
        uppers = 0
        previous_upper = False
        for char in part:
            if char.isupper():
                uppers += 1
                # "NATO", "DFRLab", "NaUKMA" are acronyms, not names.
                if previous_upper or uppers > 2:
                    return False
                previous_upper = True
            elif char.isalpha() or char in APOSTROPHES:
                previous_upper = False
            else:
                return False
        if len(part) < 2:
            return False
    return True


def _name_word_count(candidate: str) -> int:
    """How many words ``candidate`` has if it reads as a person's name, else 0."""
    if len(candidate) > 60:
        return 0  # prose before a comma, never a name
    words = candidate.split(" ")
    if not words or len(words) > 5:
        return 0
    last = len(words) - 1
    for position, word in enumerate(words):
        folded = word.casefold()
        initial = len(word) == 2 and word[1] == "."
        if 0 < position < last and (folded in _NAME_PARTICLES or initial):
            continue
        if position < last and initial and word[0].isupper():
            continue  # an initial before the surname: "O. Haran" names someone in full
        if folded in _NOT_NAME_WORDS or not _is_name_word(word):
            return 0
    return len(words)
