"""The closing text: where it starts, the partners who make the series, and calls to action."""

from __future__ import annotations

import re

from flames.ingest.parsing.lines import _URL_RE, _URL_TRAILING, _Line
from flames.ingest.parsing.organisations import (
    _CYRILLIC_RE,
    _acronym,
    _normalise_org,
    _org_stems,
    _same_stems,
)
from flames.ingest.parsing.punctuation import (
    _closes_as_opening,
    _has_any,
    _split_top_level,
    _strip_trailing,
)
from flames.ingest.parsing.results import CallToAction
from flames.ingest.parsing.ukrainian import _uk_nominative
from flames.ingest.parsing.vocabulary import _FUNCTION_WORDS, _LEGAL_FORMS
from flames.values.link_schemes import with_scheme

# The closing text starts with the first line that starts like, or contains, one of these.
# Per-line patterns run on lower-cased text without re.I, and anchored alternatives are
# kept apart from unanchored ones: mixing them makes every search try every alternative
# at every position (the share of this and of the word tests below, which the 2,000
# parses/s target needs, is in bench/README.md).
_CLOSING_START_RE = re.compile(
    r"if\s+you\s+want\s+to\s+support\s+ukraine|how\s+(?:you\s+can|can\s+you|to)\s+help\b"
    r"|how\s+to\s+support\s+ukraine|(?:проєкт|проект)\s+[«\"“]?україна\s+в\s+огні"
    r"|якщо\s+ви\s+хочете\s+підтримати|як\s+(?:ви\s+можете\s+)?(?:допомогти|підтримати)"
)
_CLOSING_ANYWHERE_RE = re.compile(
    r"(?:project|ukraine\s+in\s+flames)\W*\s+(?:is|was|has\s+been)\s+"
    r"(?:created|produced|made|implemented)"
    r"|(?:is|are)\s+(?:a\s+)?(?:joint\s+)?project\s+(?:of|by)\s|collects?\s+donations\b"
    r"|україна\s+в\s+огні\W?\s*[—–-]\s*(?:спільний\s+)?(?:проєкт|проект)\s|збира\w*\s+кошти"
)
# Every unanchored closing phrase contains one of these words (the series name alone is not
# enough: it is in most titles and summaries, and the pattern is slow on long lines).
_CLOSING_WORDS = (
    "project", "created", "produced", "made", "implemented", "donation", "проєкт", "проект",
    "кошти",
)  # fmt: skip
_PARTNER_WORDS = ("by ", "project", "створ", "реаліз", "проєкт", "проект")
# Where the list of partners starts, and the grammatical case it is in (Ukrainian).
_PARTNERS_RE = re.compile(
    r"\b(?:created|produced|made|implemented|organi[sz]ed)\s+by\s+"
    r"|\b(?:is|are)\s+(?:a\s+)?(?:joint\s+)?project\s+(?:of|by)\s+"
    r"|(?P<ins>створен\w*|створюють|створили|реалізу\w+)\s+"
    r"|(?P<gen>[—–-]\s*(?:спільний\s+)?(?:проєкт|проект))\s+",
    re.I,
)
# Every donation phrase contains one of these: a cheap test before the pattern.
_CTA_DONATION_WORDS = ("donat", "fundrais", "collect", "збира", "задонат", "пожертв")
_CTA_DONATION_RE = re.compile(
    r"donat|fundrais|collects?\s+(?:funds|money)|збира\w*\s+(?:кошти|донати|пожертви|гроші)"
    r"|задонат|пожертв"
)
# "recommendations by ORG", "donate to ORG": the organisation follows, capitalised.
_ORG_AFTER_RE = re.compile(
    r"(?:recommendations?\s+(?:by|from|of)|рекомендаці\w*(?:\s+від)?|donat\w*\s+(?:to|via|through))"
    r"\s+(?P<org>(?-i:[A-ZА-ЯІЇЄҐ«“\"]).*)",
    re.I,
)
# "ORG collects donations", "ORG’s recommendations": the organisation comes first.
_VERB_AFTER_ORG_RE = re.compile(
    r"\s(?:recommendations|collects|is\s+collecting|raises|accepts|gathers|збира\w*)\b", re.I
)
# Where an organisation's name stops inside a sentence.
_ORG_END_RE = re.compile(
    r"\s+[-–—]+(?:\s|$)|:|\s\(|(?:https?://|www\.)|\s+(?:to|on|for|about|how|in\s+order|щодо|про"
    r"|на|для|щоб|із|з)\s+(?=[a-zа-яіїєґ])",
)
_CLAUSE_RE = re.compile(r"[,.;:!?–—]\s")
_IMPERATIVES = frozenset(
    "read check see follow visit find explore use support ознайомтеся перегляньте читайте".split()
)
_RUN_TOGETHER_WORDS = (
    "center|centre|foundation|institute|university|council|agency|fund|forum|union|network"
    "|initiative|group|course|office|service|association|movement|alliance|lab|hub|platform"
)
_RUN_TOGETHER_RE = re.compile(rf"\b((?i:{_RUN_TOGETHER_WORDS}))(?=[A-ZА-ЯІЇЄҐ«“])")
_AND_RE = re.compile(r"\s+(?:and|&|та|і|й)\s+")
_ORG_TAIL_RE = re.compile(
    r"(?:\b(?i:center|centre|foundation|institute|university|council|agency|fund|forum|union"
    r"|network|initiative|group|course|office|service|association|movement|alliance|lab|hub"
    r"|platform|ngo)|(?:центр|фонд|інститут|університет|рад|агенц|форум|союз|мереж|ініціатив"
    r"|груп|асоціаці|курс)\w*)\W*$",
)
_LEGAL_FORM_START_RE = re.compile(rf"(?:{_LEGAL_FORMS}|the\s)", re.I)  # used with match()
_SENTENCE_STRUCTURE_RE = re.compile(r"[.“”«»„\"]")


def _is_closing(line: _Line) -> bool:
    low = line.low
    if _CLOSING_START_RE.match(low):
        return True
    # Every unanchored closing phrase contains one of these words: test them first.
    return _has_any(low, _CLOSING_WORDS) and bool(_CLOSING_ANYWHERE_RE.search(low))


def _closing_start(lines: list[_Line], start: int) -> int:
    for index in range(start, len(lines)):
        if lines[index].text and _is_closing(lines[index]):
            return index
    return len(lines)


def _partners(lines: list[_Line]) -> list[str]:
    for line in lines:
        if not _has_any(line.low, _PARTNER_WORDS):
            continue  # cheap test first: not the sentence naming who makes the series
        match = _PARTNERS_RE.search(line.body)
        if match:
            case = "gen" if match["gen"] else "ins"
            return list(_partner_list(_sentence(line.body[match.end() :]), case))
    return []


def _sentence(text: str) -> str:
    """Text up to the first full stop that is outside quotes and followed by a space."""
    closers: list[str] = []
    in_straight_quote = False
    for match in _SENTENCE_STRUCTURE_RE.finditer(text):
        index, char = match.start(), match.group()
        if char == '"':
            in_straight_quote = not in_straight_quote
        elif _closes_as_opening(text, index, closers):
            closers.pop()
        elif char in "“«„":
            closers.append("»" if char == "«" else "”")
        elif closers and (char == closers[-1] or (char == "“" and closers[-1] == "”")):
            closers.pop()
        elif (
            char == "."
            and not closers
            and not in_straight_quote
            and text[index + 1 : index + 2] in ("", " ")
        ):
            return text[:index]
    return text


def _partner_list(text: str, case: str) -> tuple[str, ...]:
    # "Media CenterUkrainian Catholic University": two names lost their separator.
    text = _RUN_TOGETHER_RE.sub(r"\1, ", text)
    partners: list[str] = []
    for begin, end in _split_top_level(text):
        partners.extend(_split_and(text[begin:end]))
    normalised = [_normalise_org(p, case) for p in partners]
    return tuple(dict.fromkeys(p for p in normalised if p))


def _split_and(text: str) -> list[str]:
    """Split "A and NGO B" but not "Center for Sustainability and Development"."""
    names: list[str] = []
    start = 0
    for match in _AND_RE.finditer(text):
        left, after = text[start : match.start()], match.end()
        # A new name starts with a legal form or a quote; a name ends with an
        # organisation word or a closing quote (NGO «Free Voice»).
        new_name = _LEGAL_FORM_START_RE.match(text, after) or text[after : after + 1] in '«“"'
        if new_name or left.endswith(("»", "”", '"')) or _ORG_TAIL_RE.search(left):
            names.append(left)
            start = match.end()
    names.append(text[start:])
    return names


def _calls_to_action(lines: list[_Line], partners: list[str]) -> list[CallToAction]:
    found: dict[tuple[str, str], list[str | None]] = {}  # (kind, org) -> [url]
    pending: list[str | None] | None = None  # the last call still waiting for its link
    for line in lines:
        if not line.text:
            continue
        has_link = "http" in line.low or "www." in line.low
        found_urls = _URL_RE.findall(line.body) if has_link else []
        urls = [with_scheme(url.rstrip(_URL_TRAILING)) for url in found_urls]
        kind = _cta_kind(line.low)
        organization = _cta_organization(line.body, kind, partners) if kind else None
        if kind and organization:
            slot = found.setdefault((kind, organization), [None])
            if urls and slot[0] is None:
                slot[0] = urls[0]
            pending = slot if slot[0] is None else None
        elif urls and pending is not None:
            pending[0] = urls[0]  # the link on the line after its call to action
            pending = None
    return [CallToAction(kind, org, slot[0]) for (kind, org), slot in found.items()]


def _cta_kind(low: str) -> str | None:
    if "recommendation" in low or "рекомендац" in low:
        return "recommendations"
    if _has_any(low, _CTA_DONATION_WORDS) and _CTA_DONATION_RE.search(low):
        return "donation"
    return None


def _cta_organization(text: str, kind: str, partners: list[str]) -> str | None:
    text = _URL_RE.sub("", text) if "/" in text else text
    # Recommendations usually name their author after ("recommendations by X"), donations
    # before ("NGO X collects donations to support ..."); the other order is the fallback.
    readers = [_org_after, _org_before]
    if kind == "donation":
        readers.reverse()
    for reader in readers:
        raw = reader(text)
        if raw:
            return _resolve_org(raw, partners)
    return None


def _org_after(text: str) -> str:
    match = _ORG_AFTER_RE.search(text)
    return _cut_org(match["org"]) if match else ""


def _org_before(text: str) -> str:
    match = _VERB_AFTER_ORG_RE.search(text)
    if not match or not match.start():
        return ""
    return _capitalised_tail(text[: match.start()].removesuffix("’s").removesuffix("'s"))


def _cut_org(text: str) -> str:
    end = _ORG_END_RE.search(text)
    return _strip_trailing(text[: end.start()] if end else text)


def _capitalised_tail(text: str) -> str:
    """The organisation at the end of "If you want ..., NGO X" / "Read UCMC"."""
    tail = _CLAUSE_RE.split(text)[-1].strip()
    words = tail.split(" ")
    if len(words) > 1 and words[0].casefold() in _IMPERATIVES:
        words = words[1:]
    start = 0
    quoted = False  # words inside «...» belong to the name whatever their case
    for index, word in enumerate(words):
        opens = word[:1] in '«“"'
        if not (quoted or opens or word[:1].isupper() or word in _FUNCTION_WORDS):
            start = index + 1
        if opens or quoted:
            quoted = not word.endswith(("»", "”", '"')) or (opens and len(word) == 1)
    return _strip_trailing(" ".join(words[start:]))


def _resolve_org(raw: str, partners: list[str]) -> str:
    organization = _normalise_org(raw)  # grammatical case unknown: compared by stems
    stems = _org_stems(organization)
    for partner in partners:
        if _same_stems(stems, _org_stems(partner)):
            return partner
        if organization.isupper() and len(organization) > 1 and organization == _acronym(partner):
            return partner
    if _CYRILLIC_RE.search(organization):
        return _uk_nominative(organization, "gen")
    return organization
