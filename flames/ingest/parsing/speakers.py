"""Speaker lines: a name, a separator and roles; several people run together on one line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flames.ingest.parsing.names import _name_word_count
from flames.ingest.parsing.punctuation import _split_top_level, _strip_trailing
from flames.ingest.parsing.results import DESCRIPTION, FIRST_NAME, FULL_NAME, PSEUDONYM, Speaker
from flames.ingest.parsing.roles import _roles
from flames.ingest.parsing.vocabulary import (
    _DESCRIPTION_WORDS,
    _FUNCTION_WORDS,
    _ORG_WORDS,
    _PLACES,
    _TITLE_WORDS,
    _bare,
)

# A sentence ends after a word of three lower-case letters or more ("Ph.D. Candidate" and
# "Inc. CEO" do not end one).
_SENTENCE_BREAK_RE = re.compile(r"[a-zа-яіїєґ]{3}[.!?]\s+[A-ZА-ЯІЇЄҐ]")
_QUOTED_RE = re.compile(r"“[^”]*”|«[^»]*»|„[^“”]*[“”]|\"[^\"]*\"")
# "Speakers:", "Guests of the studio:", "Moderator: Name, role", "Спікери:" (maybe in bold).
_LABEL_WORDS = (
    r"(?:speakers?|guests?|panel(?:l?ists?)?|participants|experts|moderators?|hosts?|with"
    r"|спікери|спікерки|гості|учасники|учасниці|експерти|модератор(?:ка)?|ведуч(?:ий|а))"
)
_LABEL_RE = re.compile(
    rf"^(?:our\s+|today['’]s\s+)?{_LABEL_WORDS}(?:(?:\s+[\w’']+){{0,3}}\s*[*_]*\s*:\s*[*_]*\s*"
    r"(?P<rest>.*)|\s*[*_]*)$",
    re.I,
)
# "... what comes next. Speakers: Name, role": a label after a sentence on the same line.
_INLINE_LABEL_RE = re.compile(rf"(?<=[.!?])\s+{_LABEL_WORDS}\s*:\s*", re.I)
_BRACKETED_ROLE_RE = re.compile(r"\((?P<role>[^()]+(?:\([^()]*\)[^()]*)*)\)[.,;]?$")
# What may end a name: ",", ";", ":" or a dash between spaces (not the hyphen of
# "Klympush-Tsintsadze"). One character class, checked in Python, is far faster than an
# alternation on long summary lines.
_NAME_END_RE = re.compile(r"[,;:\-–—]")
_DASH_RUN_RE = re.compile(r"[-–—]+ ")
_MID_LINE_BULLET_RE = re.compile(r"\s*•\s*(?=[A-ZА-ЯІЇЄҐ])")
_QUOTE_THEN_WORD_RE = re.compile(r"([”»])(?=[A-ZА-ЯІЇЄҐ])")
# A name in quotes, maybe after a first name: “Bird”, «Птаха», "Bird", Oleksandr “Bird”.
_PSEUDONYM_RE = re.compile(
    r"(?:(?P<first>[A-ZА-ЯІЇЄҐ][\w’'-]+) )?[“«„\"](?P<inner>[^“”«»„\"]{1,40})[”»“\"]"
)
_QUOTES = '“«„"'
# The first word of a description: an article, or a word for a person.
_DESCRIPTION_STARTS = _DESCRIPTION_WORDS | {"a", "an"}


@dataclass
class _SpeakerParts:
    name: str
    rest: str
    shown_as: str  # how the line names the speaker: a full name, a first name only, ...
    separated: bool  # a separator (",", "–", ":") follows the name

    @property
    def full_name(self) -> bool:
        return self.shown_as == FULL_NAME


def _speaker_parts(body: str) -> _SpeakerParts | None:
    """Split "Name, roles" (or "Name – roles", or "Name roles") if it starts with a name,
    a pseudonym in quotes or a description in place of a name."""
    space = body.find(" ")
    first_word = body[:space] if space > 0 else body
    unnamed = None
    if first_word.casefold().rstrip(",;:") in _DESCRIPTION_STARTS:
        unnamed = _description_parts(body)
    elif body[:1] in _QUOTES or body[space + 1 : space + 2] in _QUOTES:
        unnamed = _pseudonym_parts(body)
    if unnamed:
        return unnamed
    if not body[:1].isupper() and not body[:1].isspace():
        return None  # a name starts with a capital: most prose and roles end here, cheaply
    separator = _name_separator(body)
    if separator:
        start, end = separator
        name = _strip_trailing(body[:start])
        words = _name_word_count(name)
        if words:
            return _SpeakerParts(name, body[end:].strip(), _shown_as(words), True)
    # No separator: the name is the run of capitalised words before the first lowercase
    # word ("Yuriy Makarov journalist and producer").
    words = body.split(" ", 5)  # a name has at most four words; the rest stays whole
    count = 0
    while count < len(words) and count < 4 and _name_word_count(" ".join(words[: count + 1])):
        count += 1
    rest = " ".join(words[count:])
    bracketed = _BRACKETED_ROLE_RE.match(rest)
    if bracketed:  # "Valeriy Chaly (Chair of the UCMC Board)"
        rest = bracketed["role"]
    elif not count or (rest and not rest[:1].islower()):
        return None
    name = _strip_trailing(" ".join(words[:count]))
    words_in_name = _name_word_count(name) if name else 0
    if not words_in_name:
        return None
    return _SpeakerParts(name, rest, _shown_as(words_in_name), bool(bracketed))


def _shown_as(words: int) -> str:
    # A single word is never a full name, even a surname alone: who it is stays unsure.
    return FULL_NAME if words >= 2 else FIRST_NAME


def _pseudonym_parts(body: str) -> _SpeakerParts | None:
    """“Bird”, volunteer; «Птаха» – волонтерка; Oleksandr “Bird” (medic). A name in quotes
    that starts the line; quotes later on (an organisation in the role) are no pseudonym."""
    match = _PSEUDONYM_RE.match(body)
    if not match or not _name_word_count(match["inner"].strip()):
        return None
    if match["first"] and _name_word_count(match["first"]) != 1:
        return None
    rest, separated = _after_name(body[match.end() :])
    if rest is None:
        return None
    return _SpeakerParts(match.group(), rest, PSEUDONYM, separated)


def _description_parts(body: str) -> _SpeakerParts | None:
    """ "a resident of occupied Kherson", "Volunteer from Mariupol, medic", "мешканка
    окупованого Херсона": a speaker described in place of a name, up to a separator."""
    separator = _name_separator(body)
    text = _strip_trailing(body[: separator[0]] if separator else body)
    words = text.split(" ")
    if len(words) > 8 or len(text) > 80:
        return None  # a sentence, not a description
    start = 1 if words[0].casefold() in ("a", "an") else 0
    for index in range(start, min(start + 3, len(words))):
        if words[index].casefold() in _DESCRIPTION_WORDS:
            break  # (not a possessive: "A soldier’s story" is a title)
        if not words[index].islower():
            return None  # "A Ukrainian ...", "A New ...": only adjectives come before
    else:
        return None
    following = words[index + 1 : index + 4]
    if following and following[0][:1].isupper() and _name_word_count(" ".join(following)) >= 2:
        return None  # "Journalist Ihor Todorov": a role before the name
    rest = body[separator[1] :].strip() if separator else ""
    return _SpeakerParts(text, rest, DESCRIPTION, bool(separator))


def _after_name(tail: str) -> tuple[str | None, bool]:
    """The roles after a name (and whether a separator came first), or None when what
    follows the name does not read as roles."""
    if not tail.strip():
        return "", False
    separator = _name_separator(tail)
    if separator and not tail[: separator[0]].strip():
        return tail[separator[1] :].strip(), True
    rest = tail.strip()
    bracketed = _BRACKETED_ROLE_RE.match(rest)
    if bracketed:
        return bracketed["role"], True
    return (rest, False) if tail[:1] == " " and rest[:1].islower() else (None, False)


def _name_separator(body: str) -> tuple[int, int] | None:
    """Where the first separator after a name starts and ends, if there is one."""
    for match in _NAME_END_RE.finditer(body):
        index = match.start()
        if body[index] in ",;:":
            return index, index + 1
        if index and body[index - 1] == " ":  # " – ", " -- "
            dashes = _DASH_RUN_RE.match(body, index)
            if dashes:
                return index - 1, dashes.end()
    return None


def _speaker_candidate(text: str) -> _SpeakerParts | None:
    """Name and roles, unless the line reads as prose (long, or more than one sentence)."""
    if len(text) > 300:
        return None  # tested first: long summary lines are common and never speakers
    parts = _speaker_parts(text)
    if parts is None:
        return None
    rest = parts.rest
    if "." not in rest and "!" not in rest and "?" not in rest:
        return parts  # no sentence can end in it: skip the patterns below
    if "“" in rest or "«" in rest or "„" in rest or '"' in rest:
        rest = _QUOTED_RE.sub("", rest)  # “Media Center. Kherson” is a name, not two sentences
    return None if _SENTENCE_BREAK_RE.search(rest) else parts


def _plain_speaker(parts: _SpeakerParts | None) -> bool:
    """An unbulleted, unlabelled line must read "Full Name, roles": a first name alone is
    too easily a word before a colon ("Date: 24 February")."""
    return parts is not None and parts.separated and bool(parts.rest) and parts.full_name


def _strict_speaker(text: str) -> bool:
    return _plain_speaker(_speaker_candidate(text))


def _speakers_from_line(parts: _SpeakerParts) -> list[Speaker]:
    """One speaker, or several when people are run together on one line."""
    rest = parts.rest
    if "•" in rest or "”" in rest or "»" in rest:
        # A lost line break leaves the next bullet mid-line ("... for Ukraine • Raimond
        # Kaljulaid, MP") or a name right after a closing quote ("Media”Raimond").
        rest = _MID_LINE_BULLET_RE.sub("; ", _QUOTE_THEN_WORD_RE.sub(r"\1 ", rest))
    people: list[tuple[str, int, list[str]]] = [(parts.name, 0, [])]
    ends: list[int] = []
    for begin, end in _split_top_level(rest):
        segment = rest[begin:end]
        if _starts_new_person(rest, begin, segment):  # "Name, role; Name2, role2"
            ends.append(begin)
            people.append((segment, end, []))
            continue
        cut = _trailing_name_start(segment)
        if cut is None:
            people[-1][2].append(segment)
            continue
        people[-1][2].append(segment[:cut].rstrip())
        ends.append(begin + cut)
        people.append((_strip_trailing(segment[cut:]), end, []))
    ends.append(len(rest))
    speakers = []
    for index, ((name, start, segments), end) in enumerate(zip(people, ends, strict=True)):
        announced_as = _strip_trailing(rest[start:end].strip(" ,;"))
        # Only the line's first person can be unnamed: the others were found as full names.
        shown_as = parts.shown_as if index == 0 else FULL_NAME
        speakers.append(Speaker(name, announced_as, tuple(_roles(segments)), shown_as))
    return speakers


def _starts_new_person(rest: str, begin: int, segment: str) -> bool:
    """A segment after a semicolon that is a full name and nothing else."""
    return rest[:begin].rstrip().endswith(";") and _name_word_count(segment) >= 2


def _trailing_name_start(segment: str) -> int | None:
    """Where a second person's name starts at the end of a role ("independent journalist
    Ihor Todorov", "... Centre for Ukraine Raimond Kaljulaid"): two or three capitalised
    words right after a word that ends a role."""
    if not segment[segment.rfind(" ") + 1 :][:1].isupper():
        return None  # a name ends the segment in capitals; most roles do not
    words = segment.split(" ")  # single spaces: lines were normalised
    for size in (3, 2):
        if len(words) <= size or not _ends_a_role(words[-size - 1]):
            continue
        if not words[-size - 1].islower() and any(
            _bare(word) in _TITLE_WORDS for word in words[-size:]
        ):
            continue  # "NATO Deputy Secretary General": the title after its organisation
        name = " ".join(words[-size:])
        if _name_word_count(_strip_trailing(name)) == size:
            return len(segment) - len(name)
    return None


def _ends_a_role(word: str) -> bool:
    """A lowercase role word ("journalist"), or the end of an organisation: a closing quote,
    an acronym ("UCMC"), an organisation word or a place ("... Centre for Ukraine")."""
    plain = word.replace("-", "")
    if plain.isalpha() and plain.islower():
        return word not in _FUNCTION_WORDS
    if word[-1:] in '”»")':
        return True
    return (plain.isalpha() and plain.isupper() and len(plain) > 1) or (
        _bare(word) in _ORG_WORDS or _bare(word) in _PLACES
    )
