"""A speaker's roles: split on commas, glued back where a comma was inside a name, each
split into a title and an organisation."""

from __future__ import annotations

import re

from flames.ingest.parsing.organisations import _mend_quotes
from flames.ingest.parsing.periods import _extract_periods
from flames.ingest.parsing.punctuation import _strip_trailing
from flames.ingest.parsing.results import Role
from flames.ingest.parsing.ukrainian import _uk_nominative
from flames.ingest.parsing.vocabulary import (
    _FUNCTION_WORDS,
    _HEADS,
    _MODIFIERS,
    _ORG_WORDS,
    _PLACES,
    _bare,
)

# Parts of a body that belong to the title when an organisation follows ("Chair of the
# Board of UCMC": the board is UCMC's).
_UNIT_RE = re.compile(
    r"(?P<unit>(?:supervisory |executive |management )?board(?: of (?:directors|trustees))?"
    r"|presidium)",
    re.I,
)
_FROM_PLACE_RE = re.compile(
    r"\s+(?:from|з|із|зі)\s+(?:the\s+)?(?P<place>[A-ZА-ЯІЇЄҐ][\w’'-]*(?:\s+[A-ZА-ЯІЇЄҐ][\w’'-]*){0,3})$"
)
_HAS_FROM_RE = re.compile(r" (?:from|з|із|зі) ")
_AT_RE = re.compile(r"\s+(?:at|@)\s+")
_OF_RE = re.compile(r"\s+of\s+")
_UNIT_OWNER_RE = re.compile(r"\s+of\s+(?:the\s+)?(?P<org>[A-Z«“\"].*)$")
_OWNER_RE = re.compile(r"\s+of\s+(?:the\s+)?(?P<org>\S.*)$")
_UNIT_LAST_RE = re.compile(r"(?P<org>.+?)\s+(?P<unit>(?:supervisory |executive )?board)$", re.I)
_OF_THE_BOARD_RE = re.compile(r"\s+of\s+the\s+(?:supervisory\s+|executive\s+)?board$", re.I)
_UK_HEAD_RE = re.compile(
    r"^(?P<title>(?:(?:перш\w+|заступни\w+|викону\w+|в\.\s?о\.|головн\w+|старш\w+|провідн\w+)\s+)*"
    r"(?:директор\w*|голов[аи]|керівни\w+|член\w*|професор\w*|засновни\w+|співзасновни\w+"
    r"|президент\w*|ректор\w*|декан\w*|редактор\w*|аналітик\w*|експерт\w*|координатор\w*"
    r"|очільни\w+|радни\w+|речни\w+))\s+(?P<org>[A-ZА-ЯІЇЄҐ«\"“].*)$"
)
_MID_HEAD_RE = re.compile(r"(?<=\S) (?P<head>[A-Z][\w-]*) (?:of|at) ")
_CONTINUATION_UNIT_RE = re.compile(
    r"^(?:department|faculty|chair|branch|office|division|school|laboratory|lab|unit"
    r"|кафедр\w*|факультет\w*|відділ\w*)\b"
)
_ENDS_WITH_TOPIC_RE = re.compile(r"\b(?:on|for|of)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*$")
_TITLE_CASE_LIST_RE = re.compile(r"^[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|&|the))*$")
_UK_ORG_WORD_RE = re.compile(
    r"\b(?:центр|фонд|інститут|університет|рада|агенці|форум|союз|мереж|ініціатив|асоціаці"
    r"|комітет|міністерств|представництв|посольств|академі|організаці|служб|спілк)\w*",
    re.I,
)


def _roles(segments: list[str]) -> list[Role]:
    roles: list[Role] = []
    for text in _merge_continuations(_split_run_together_roles(segments)):
        previous = roles[-1] if roles else None
        if (
            previous
            and previous.organization is None
            and previous.start_year is None
            and (_is_org_name(text))
        ):
            # "Chairman of the Board, Ukraine Crisis Media Center": the organisation of the
            # role before, written after a comma.
            roles[-1] = Role(previous.title, text, previous.start_year, previous.end_year)
            continue
        roles.extend(_roles_from_segment(text))
    return roles


def _is_org_name(text: str) -> bool:
    """A capitalised name with an organisation word and no title word in it."""
    if not text[:1].isupper() or "(" in text or any(map(str.isdigit, text)):
        return False
    words = [_bare(w) for w in text.split(" ")]
    if any(w in _HEADS for w in words):
        return False
    return any(w in _ORG_WORDS for w in words) or bool(_UK_ORG_WORD_RE.search(text))


def _split_run_together_roles(segments: list[str]) -> list[str]:
    """Split roles run together in one segment: in "citizen of Kherson Head of “Media
    Center. Kherson”" a capitalised head word followed by "of"/"at" starts a new role after
    a role that reads complete."""
    result: list[str] = []
    for segment in segments:
        has_of_or_at = " of " in segment or " at " in segment  # cheap test first
        if not has_of_or_at or not any(
            m["head"].casefold() in _HEADS for m in _MID_HEAD_RE.finditer(segment)
        ):
            result.append(segment)  # no capitalised head word mid-segment: one role
            continue
        words = segment.split(" ")
        start = 0
        for index in range(1, len(words) - 1):
            word = words[index]
            if not word[:1].isupper() or word.casefold() not in _HEADS:
                continue
            if words[index + 1] not in ("of", "at"):
                continue
            first = index
            while first > start and words[first - 1].casefold() in _MODIFIERS:
                first -= 1
            left = words[start:first]
            if not left or left[-1].casefold() in _FUNCTION_WORDS:
                continue
            if not any(w.isalpha() and w.islower() and w not in _FUNCTION_WORDS for w in left):
                continue
            result.append(" ".join(left))
            start = first
        result.append(" ".join(words[start:]))
    return [s for s in map(_strip_trailing, result) if s]


def _merge_continuations(segments: list[str]) -> list[str]:
    """Glue back segments that a comma inside an organisation's name split off."""
    merged: list[str] = []
    index = 0
    while index < len(segments):
        segment = segments[index]
        if merged and _CONTINUATION_UNIT_RE.match(segment):
            # "University, department of International Relations"
            merged[-1] = f"{merged[-1]}, {segment}"
            index += 1
            continue
        if merged and segment[:1].isupper() and _ENDS_WITH_TOPIC_RE.search(merged[-1]):
            # "Committee on National Security, Defense and Intelligence": a run of
            # Title Case segments closed by one with "and".
            run = _title_case_run(segments, index)
            if run:
                merged[-1] = ", ".join([merged[-1], *segments[index : index + run]])
                index += run
                continue
        if merged and "з питань" in merged[-1] and _uk_topic_continues(segment):
            # "з питань національної безпеки, оборони та розвідки"
            merged[-1] = f"{merged[-1]}, {segment}"
            index += 1
            continue
        merged.append(segment)
        index += 1
    return merged


def _title_case_run(segments: list[str], start: int) -> int:
    for offset, segment in enumerate(segments[start:]):
        if not _TITLE_CASE_LIST_RE.match(segment) or "(" in segment:
            return 0
        words = segment.split(" ")
        if any(w.casefold() in _HEADS for w in words):
            return 0
        if "and" in words or "&" in words:
            return offset + 1
    return 0


def _uk_topic_continues(segment: str) -> bool:
    words = segment.split(" ")
    return (
        any(w in ("та", "і", "й") for w in words)
        and all(w.islower() or not w.isalpha() for w in words)
        and not _UK_HEAD_RE.match(segment)
    )


def _roles_from_segment(text: str) -> tuple[Role, ...]:
    text, periods = _extract_periods(text)
    text = _strip_trailing(text)
    title, organization = _split_title_org(text)
    title = _strip_trailing(title)
    organization = _mend_quotes(_strip_trailing(organization)) if organization else None
    if not title:
        if not organization:
            return ()
        title, organization = organization, None
    if not periods:
        return (Role(title, organization or None),)
    return tuple(Role(title, organization or None, start, end) for start, end in periods)


def _split_title_org(text: str) -> tuple[str, str | None]:
    """Split a role into title and organisation; organisation None when the role names none."""
    place = _FROM_PLACE_RE.search(text) if _HAS_FROM_RE.search(text) else None
    if place:
        # "journalist from Kherson": the place is dropped, but "expert from the Razumkov
        # Centre" names an organisation.
        words = place["place"].split(" ")
        text = text[: place.start()]
        if any(w.casefold() in _ORG_WORDS for w in words):
            return text, place["place"]
    at = _AT_RE.search(text) if " at " in text or " @ " in text else None
    if at and at.start() > 0 and at.end() < len(text):
        return text[: at.start()], _drop_the(text[at.end() :])
    for of in _OF_RE.finditer(text) if " of " in text else ():
        left = text[: of.start()]
        if left.rsplit(" ", 1)[-1].casefold() in _HEADS:
            return _split_after_head_of(text, left, text[of.end() :])
    return _split_org_first(text) or _split_uk(text) or (text, None)


def _drop_the(text: str) -> str:
    return text[4:] if text.startswith("the ") else text


def _split_after_head_of(text: str, left: str, right: str) -> tuple[str, str | None]:
    """Split "Head of X" into ("Head", X), keeping "of the Board" with the title."""
    the = "the " if right.startswith("the ") else ""
    core = right[len(the) :]
    unit = _UNIT_RE.match(core)
    if unit:
        after = core[unit.end() :]
        owner = _OWNER_RE.match(after)
        if owner:  # "Chairman of the Board of the UCMC"
            return f"{left} of {the}{unit['unit']}", owner["org"]
        if not after:  # "Chair of the Board" (maybe after its organisation: "UCMC Chair ...")
            return _split_org_first(text) or (text, None)
    unit_last = _UNIT_LAST_RE.match(core) if core.lower().endswith("board") else None
    if unit_last and the and core[:1].isupper():  # "Chair of the UCMC Board"
        return f"{left} of the {unit_last['unit']}", unit_last["org"]
    if core[:1].islower():
        # "head of the monitoring group of the Black Sea Institute": a unit in lower case
        # stays with the title when a named organisation follows it.
        owner = _UNIT_OWNER_RE.search(core)
        if owner and owner.start() > 0:
            return f"{left} of {the}{core[: owner.start()]}", owner["org"]
        return text, None  # "Professor of history"
    if not core or core.casefold() in _PLACES:
        return text, None  # "Deputy of Ukraine"
    return left, core


def _split_org_first(text: str) -> tuple[str, str] | None:
    """Split a title written after its organisation: "UCMC Chair of the Board",
    "Committee on Foreign Policy ... Chairman"."""
    board = _OF_THE_BOARD_RE.search(text) if text[-5:].lower() == "board" else None
    words = (text[: board.start()] if board else text).split(" ")
    if len(words) < 2 or words[-1].casefold() not in _HEADS:
        return None
    first = len(words) - 1  # the title: modifiers and the head word ("Deputy Head")
    while first > 1 and words[first - 1].casefold() in _MODIFIERS:
        first -= 1
    organization = " ".join(words[:first])
    title = " ".join(words[first:]) + (text[board.start() :] if board else "")
    words = organization.split(" ")
    looks_like_org = organization[:1].isupper() and any(
        _bare(w) in _ORG_WORDS or (len(w) > 1 and w.isupper() and w.isalpha()) for w in words
    )
    if not looks_like_org or organization.casefold() in _PLACES:
        return None
    return title.strip(), organization


def _split_uk(text: str) -> tuple[str, str] | None:
    """Split a Ukrainian role: "директорка Центру інформації ..." -> ("директорка", "Центр
    інформації ...")."""
    # Every head word the pattern knows starts with a lower-case letter from "а" to "я":
    # English roles need not try it.
    match = _UK_HEAD_RE.match(text) if "а" <= text[:1] <= "я" else None
    if not match:
        return None
    return match["title"], _uk_nominative(match["org"], "gen")
