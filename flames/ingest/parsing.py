"""Turn the free text of a UKRAINE IN FLAMES announcement into structured data.

Pure Python, standard library only: no Django, so it can be tested and benchmarked alone.

An announcement, in any of the shapes the series and its reposts used, is read as:

    title line
    summary paragraphs             (before and/or after the speaker list)
    speaker list                   bullets of any kind or none, maybe after "Speakers:"
    timestamps, speaker bios       (reposts; skipped)
    closing text                   who makes the series (partners) and calls to action

Decisions worth knowing (each is also explained where it is made):

* **Title.** The first non-empty line, without the series' label around it: its name
  and number at the head ("Ukraine in Flames: ...", "UKRAINE IN FLAMES #123: ...",
  "«Україна в огні» #121: ...", "#121 ...") or after a separator at the end ("... |
  #88"); the name alone counts only before a separator. Reposts sometimes carry only
  the label there ("UIF #594"). If the next paragraph is a single short title-like line,
  that line is the title; otherwise the title is empty, with a warning.
* **Number.** Only from the series name followed by a number ("Ukraine in Flames #121",
  "UIF #594", "«Україна в огні» #121"), from a line that is just "#121", or from a title
  that starts or ends with "#121" after a separator ("... | #121"). A "#" after an
  ordinary word ("school #15") is not an episode number.
* **Speakers.** A line is a speaker when it starts with a person's name followed by a
  separator (",", ";", ":", a spaced dash), by a lower-case role, or by "(role)", and is
  not prose (one sentence, at most 300 characters). Bulleted lines and lines after a
  "Speakers:"/"Спікери:" label (on its own line, before the first name, or after a
  sentence) may give a first name only; plain lines count only as a whole paragraph of
  "Full Name, roles" lines, so prose that happens to start "Now, ..." or "Date: ..." is
  not a speaker. Two people on one line are split where a role ends in a capitalised
  name ("independent journalist Ihor Todorov", "... Centre for Ukraine Raimond
  Kaljulaid", "... Media” Raimond Kaljulaid"), at a bullet in mid-line or after a
  semicolon. The same name
  listed again (bio sections) is skipped. A speaker named by one word only ("Andrii" from
  occupied Kherson) is marked ``name_incomplete``, with a warning. Timestamp lines, bio
  headings and the paragraphs after them, link-only lines and "Source:" lines are neither
  speakers nor summary.
* **Roles.** Split on commas and semicolons outside brackets and quotes, then glued back
  where a comma was inside an organisation's name ("Committee on National Security,
  Defense and Intelligence", "University, department of ..."). Years in brackets become
  one role per period. A title and its organisation are split at "at", at "of" after a
  head word ("Head of X", "Chairman of the Board of X"), and where the organisation comes
  first ("UCMC Chair of the Board"). Ministers, ambassadors and representatives "of
  Ukraine" keep the whole phrase as the title. Places ("from Kherson") are dropped.
  Ukrainian organisations after a head word are put back in the nominative case
  ("директорка Центру ..." -> organisation "Центр ...") for the common organisation nouns.
  An organisation written after a comma ("Chairman of the Board, Ukraine Crisis Media
  Center") completes the role before it. Quotes in an organisation's name are mended:
  empty ones beside the name (NGO “”Name, Name “”), a closing quote typed twice or as an
  opening one (“Name“).
* **Language.** "uk" when Cyrillic letters outnumber Latin ones in the title, summary and
  speaker lines, else "en".
* **Closing text.** Never part of the summary. Partners come from the "project is created
  by ..." / "is a joint project of ..." / "створений ..." / "— проєкт ..." sentence;
  organisations run together ("Media CenterUkrainian") are separated, and "and" splits
  two names only where the second is a new organisation ("... Center and NGO X", not
  "Center for Sustainability and Development").
  Organisation names are normalised: surrounding punctuation and a leading "the" dropped,
  apostrophes made typographic (’), quotes made straight, and a legal form before a name
  written as ``NGO "Name"``; Ukrainian names are put in the nominative case. A call to
  action names its organisation as it is written in the partner list when it is one of
  the partners (also by acronym, "UCMC", or in another grammatical case). Its link is a
  URL on the same line or on the line after; the "How you can help" list works the same
  way, one call to action per item.
* **Warnings** say what an editor should check: a title that is only a label,
  no episode number, several different numbers, no speakers, a bullet in a speaker list
  that was not read as a speaker, a speaker listed twice, no closing text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from flames.values.link_schemes import with_scheme

__all__ = [
    "MAX_BYTES",
    "Announcement",
    "AnnouncementError",
    "CallToAction",
    "Role",
    "Speaker",
    "parse_announcement",
]

MAX_BYTES = 1_000_000


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Role:
    title: str
    organization: str | None = None
    start_year: int | None = None
    end_year: int | None = None

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "organization": self.organization,
            "start_year": self.start_year,
            "end_year": self.end_year,
        }


@dataclass(frozen=True)
class Speaker:
    name: str
    announced_as: str
    roles: tuple[Role, ...] = ()
    # Introduced by a first name only ("Andrii, citizen of Kherson"): not enough to tell
    # who this is, so not to be matched to anyone in the directory.
    name_incomplete: bool = False

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "name_incomplete": self.name_incomplete,
            "announced_as": self.announced_as,
            "roles": [role.as_dict() for role in self.roles],
        }


@dataclass(frozen=True)
class CallToAction:
    kind: str  # "recommendations" | "donation"
    organization: str
    url: str | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "organization": self.organization, "url": self.url}


@dataclass(frozen=True)
class Announcement:
    title: str
    number: int | None
    language: str  # "en" | "uk"
    summary: str
    speakers: tuple[Speaker, ...]
    partners: tuple[str, ...]
    calls_to_action: tuple[CallToAction, ...]
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        """The JSON shape of ``flames parse`` (without "source")."""
        return {
            "title": self.title,
            "number": self.number,
            "language": self.language,
            "summary": self.summary,
            "speakers": [speaker.as_dict() for speaker in self.speakers],
            "partners": list(self.partners),
            "calls_to_action": [cta.as_dict() for cta in self.calls_to_action],
            "warnings": list(self.warnings),
        }


class AnnouncementError(ValueError):
    """The text is not an announcement; the message is one short line saying why."""


# --------------------------------------------------------------------------- vocabulary

# Words after which "of"/"at" introduces the organisation the person works for. Titles
# such as Minister, Ambassador or Representative are deliberately absent: in "Minister of
# Foreign Affairs of Ukraine" the "of" phrases are part of the title.
_HEADS = frozenset(
    """head member director chair chairman chairwoman chairperson president vice-president
    founder co-founder cofounder professor rector vice-rector dean editor editor-in-chief
    analyst researcher fellow expert coordinator manager ceo coo cfo cto spokesperson
    spokesman spokeswoman adviser advisor lecturer leader commander deputy journalist
    correspondent columnist producer""".split()
)
# Words that qualify a head word and belong to the title ("Deputy Head", "Research Director").
_MODIFIERS = frozenset(
    """deputy first vice senior chief acting executive co honorary founding managing general
    research program programme project former ex associate leading principal lead board
    supervisory""".split()
)
# Capitalised words of titles written after an organisation, never a person's name.
_TITLE_WORDS = (
    _HEADS
    | _MODIFIERS
    | frozenset(
        """minister ambassador representative secretary envoy special permanent officer consul
    mayor governor speaker mp ombudsman commissioner attaché""".split()
    )
)
# Parts of a body that belong to the title when an organisation follows ("Chair of the
# Board of UCMC": the board is UCMC's).
_UNIT_RE = re.compile(
    r"(?P<unit>(?:supervisory |executive |management )?board(?: of (?:directors|trustees))?"
    r"|presidium)",
    re.I,
)
# Words that make a phrase an organisation rather than a person or a place.
_ORG_WORDS = frozenset(
    """center centre centr foundation institute university council committee subcommittee
    ministry agency fund forum union network initiative group course office service
    association movement alliance media lab hub platform board commission party
    administration academy school college parliament rada representation mission embassy
    corporation company news radio tv post bureau department faculty club assembly
    congress chamber court""".split()
)
_PLACES = frozenset(
    """ukraine kyiv kiev kharkiv lviv odesa odessa kherson dnipro zaporizhzhia mykolaiv
    chernihiv sumy poltava crimea donbas europe russia poland belarus moldova georgia
    usa us uk eu america britain germany france""".split()
)
# Capitalised words that start sentences or headings rather than names.
_SENTENCE_WORDS = frozenset(
    """the a an and of in on at for to with from by about as is are was were
    ukrainian russian nato european american watch speakers speaker guests guest
    moderator host timestamps source project episode now today also however meanwhile
    then here there this that these those when while since after before what why how who
    where our we you they it he she if but so ukraine’s
    україна україни україні росія росії нато київ харків центр проєкт проект дивіться
    спікери гості модератор сьогодні також""".split()
)
# Words that never start or continue a person's name.
_NOT_NAME_WORDS = _ORG_WORDS | _PLACES | _SENTENCE_WORDS
_NAME_PARTICLES = frozenset(
    "de da di del della van von der den le la du bin ibn al el ter zu".split()
)
_FUNCTION_WORDS = frozenset(
    """of at for to in on the and from with by as a an or about into under over between
    з із зі в у до та і й на від для при про щодо""".split()
)
_ABBREVIATIONS = frozenset("inc. ltd. co. jr. sr. st. corp. llc. ph.d. dr.".split())
_LEGAL_FORMS = "NGO|NPO|CSO|ICF|CF|LLC|ГО|ГС|БФ|МБФ|БО|ТОВ|ПП"

# Ukrainian organisation nouns with their gender, for putting an organisation name back in
# the nominative case after "директорка Центру ..." or "створений Українським центром".
_UK_ORG_NOUNS = {
    "m": """центр комітет підкомітет інститут фонд університет офіс союз рух форум
        департамент апарат секретаріат клуб конгрес альянс кабінет суд штаб парламент уряд
        сенат трибунал хаб консорціум музей курс""".split(),
    "n": """представництво міністерство агентство посольство товариство об’єднання
        управління""".split(),
    "f": """рада служба спілка платформа ініціатива група школа мережа палата прокуратура
        академія асоціація адміністрація комісія місія партія організація лабораторія
        федерація фундація агенція корпорація""".split(),
}


def _uk_case_forms() -> dict[str, dict[str, tuple[str, str]]]:
    """{"gen"|"ins": {inflected noun: (nominative, gender)}} for the nouns above."""
    forms: dict[str, dict[str, tuple[str, str]]] = {"gen": {}, "ins": {}}
    for gender, nouns in _UK_ORG_NOUNS.items():
        for noun in nouns:
            if gender == "m":
                gen, ins = noun + "у", noun + "ом"
            elif noun.endswith("ння"):
                gen, ins = noun, noun + "м"
            elif gender == "n":
                gen, ins = noun[:-1] + "а", noun + "м"
            elif noun.endswith("ія"):
                gen, ins = noun[:-1] + "ї", noun[:-1] + "єю"
            elif noun[-2] in "жчшщ":
                gen, ins = noun[:-1] + "і", noun[:-1] + "ею"
            else:
                gen, ins = noun[:-1] + "и", noun[:-1] + "ою"
            forms["gen"][gen] = (noun, gender)
            forms["ins"][ins] = (noun, gender)
    return forms


_UK_NOUN_FORMS = _uk_case_forms()
# Adjective endings by case and the noun's gender: (inflected ending, nominative ending).
_UK_ADJ_ENDINGS = {
    ("gen", "m"): (("ього", "ій"), ("ого", "ий")),
    ("gen", "n"): (("ього", "є"), ("ого", "е")),
    ("gen", "f"): (("ьої", "я"), ("ої", "а")),
    ("ins", "m"): (("ім", "ій"), ("им", "ий")),
    ("ins", "n"): (("ім", "є"), ("им", "е")),
    ("ins", "f"): (("ьою", "я"), ("ою", "а")),
}

# --------------------------------------------------------------------------- patterns

_BAD_CHAR_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff]")
_LINE_BREAK_CHARS = "\r\x0b\x0c\x85\u2028\u2029"  # besides "\n"
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NEWLINE_RE = re.compile(f"[{_LINE_BREAK_CHARS}]")
# Every kind of space becomes one ordinary space; invisible characters go. (A regex is
# several times faster here than str.translate with a mapping.)
_SPACES_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MULTISPACE_RE = re.compile(r"  +")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Any character of the three classes above, replaced in one pass (most texts have none or a
# few, and one scan is cheaper than three): "\n" for a line break, "" for an invisible
# character, " " for a space.
_UNUSUAL_SPACE_RE = re.compile(
    "[" + "".join(p.pattern[1:-1] for p in (_NEWLINE_RE, _SPACES_RE, _INVISIBLE_RE)) + "]"
)


def _unusual_space_replacement(match: re.Match) -> str:
    char = match.group()  # (a look-up in a short string is cheaper than a pattern match)
    if char in _LINE_BREAK_CHARS:
        return "\n"
    return "" if char in _INVISIBLE_CHARS else " "


_LETTER_RE = re.compile(r"[^\W\d_]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
# Searching is much faster for a pattern that starts with a single character class, so
# "[...][...]*" rather than the equivalent "[...]+" (and "\s\s*" rather than "\s+") in
# patterns that are searched for in long text.
_CYRILLIC_RUN_RE = re.compile(r"[\u0400-\u04ff][\u0400-\u04ff]*")
_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f]*")

# A bullet: one or more bullet symbols, or "1." / "1)" followed by a space.
_BULLET_RE = re.compile(r"^(?:[-–—*•·‣⁃▪▫►▸▹◦○●■□♦◆❖➢➤➔✓✔☑→»>]+\s*|\d{1,2}[.)]\s+)")
_TIMESTAMP_RE = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\b")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+", re.I)
_URL_TRAILING = ".,;:!?)]»”’'\""
_HASHTAGS_RE = re.compile(r"^(?:#\w+[\s,]*)+$")
# A sentence ends after a word of three lower-case letters or more ("Ph.D. Candidate" and
# "Inc. CEO" do not end one). The pattern starts with the rare punctuation mark and looks
# back for the letters: starting with a lower-case letter, it was tried at almost every
# position.
_SENTENCE_BREAK_RE = re.compile(r"[.!?](?<=[a-zа-яіїєґ]{3}[.!?])\s+[A-ZА-ЯІЇЄҐ]")
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
_TIMESTAMPS_HEADING_RE = re.compile(
    r"^(?:timestamps?|time\s*codes?|timecodes|chapters|таймкоди|тайм-коди|зміст)\s*:?\s*$", re.I
)
_BIO_HEADING_RE = re.compile(
    r"^(?:about\s+(?:the\s+|our\s+)?(?:speakers|guests|panel(?:l?ists)?)"
    r"|(?:speakers?|guests?)['’]?\s*(?:bios?|biographies|profiles)|bios?|biographies"
    r"|who\s+(?:are|were)\s+the\s+(?:speakers|guests)|про\s+спікерів|біографії(?:\s+спікерів)?"
    r"|хто\s+такі\s+спікери)\s*:?\s*$",
    re.I,
)
_METADATA_RE = re.compile(
    r"^(?:source|джерело|read\s+more|читайте\s+також|originally\s+published)\s*:", re.I
)

# The closing text starts with the first line that starts like, or contains, one of these.
# Per-line patterns run on lower-cased text without re.I, and anchored alternatives are
# kept apart from unanchored ones: mixing them makes every search try every alternative
# at every position, which was most of the parse time.
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

# On lower-cased text: "Ukraine in Flames #121", "UIF #594", "«Україна в огні» #121".
_SERIES_NUMBER_RE = re.compile(
    r"(?:ukraine\s+in\s+flames|\buif|україна\s+в\s+огні|україна\s+у\s+вогні)[»\"”]?"
    r"\s*[:,.\-–—]?\s*(?:[#№]|\bno\.|\bepisode|\bвипуск)\s*(\d{1,5})\b"
)
_HASH_LINE_RE = re.compile(r"[#№]\s*(\d{1,5})$")  # a line that is only "#121"
# The series' label at either end of a title: its name, an episode number or both.
_SERIES_NAME = r"[«\"“]?(?:ukraine\s+in\s+flames|uif|україна\s+[ву]\s+(?:огні|вогні))\b[»\"”]?"
_EPISODE_NUMBER = r"(?:[#№]\s*|\bno\.\s*|\bepisode\s+|\bвипуск\s+)\d{1,5}\b"
_TITLE_HEAD_RE = re.compile(
    rf"[^\w«\"“#№]*(?:{_SERIES_NAME}(?:\s*[,.\-–—]?\s*(?P<number>{_EPISODE_NUMBER}))?"
    rf"|(?P<alone>{_EPISODE_NUMBER}))(?:(?P<separator>\s*[:.|–—\-]\s*)|\s+|$)",
    re.I,
)
_TITLE_TAIL_RE = re.compile(
    rf"\s*[|–—:(\[\-]\s*(?:{_SERIES_NAME}(?:\s*[,.\-–—]?\s*{_EPISODE_NUMBER})?|{_EPISODE_NUMBER})"
    r"\s*[)\]]?\W*$",
    re.I,
)
_TITLE_NUMBER_RE = re.compile(
    r"^[#№]\s*(\d{1,5})\b|[:|(\[–—-]\s*[#№]\s*(\d{1,5})\W*$|\b(?:episode|випуск)\s*[#№]?\s*"
    r"(\d{1,5})\b"
)
_NUMBER_ONLY_RE = re.compile(
    r"^(?:(?:ukraine\s+in\s+flames|uif|україна\s+в\s+огні)[»\"”]?\W*)?[«\"“]?(?:[#№]|no\.)\s*"
    r"\d{1,5}\W*$|^[«\"“]?(?:ukraine\s+in\s+flames|uif|україна\s+в\s+огні)[»\"”]?\s*[#№]?\s*"
    r"\d{1,5}\W*$",
    re.I,
)
# Lines that are neither summary nor speakers, as one anchored pattern (one test a line).
_SKIP_RE = re.compile(
    "|".join(
        f"(?:{pattern.pattern})"
        for pattern in (
            _TIMESTAMP_RE,
            _TIMESTAMPS_HEADING_RE,
            _METADATA_RE,
            _HASHTAGS_RE,
            _NUMBER_ONLY_RE,
        )
    ),
    re.I,
)

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
_FROM_PLACE_RE = re.compile(
    r"\s+(?:from|з|із|зі)\s+(?:the\s+)?(?P<place>[A-ZА-ЯІЇЄҐ][\w’'-]*(?:\s+[A-ZА-ЯІЇЄҐ][\w’'-]*){0,3})$"
)
_BRACKETED_ROLE_RE = re.compile(r"\((?P<role>[^()]+(?:\([^()]*\)[^()]*)*)\)[.,;]?$")
# What may end a name: ",", ";", ":" or a dash between spaces (not the hyphen of
# "Klympush-Tsintsadze"). One character class, checked in Python, is far faster than an
# alternation on long summary lines.
_NAME_END_RE = re.compile(r"[,;:\-–—]")
_DASH_RUN_RE = re.compile(r"[-–—]+ ")
_HAS_FROM_RE = re.compile(r" (?:from|з|із|зі) ")
_AT_RE = re.compile(r"\s\s*(?:at|@)\s+")
_OF_RE = re.compile(r"\s\s*of\s+")
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
# (The pattern starts with the space and looks behind it: a pattern that starts with a
# literal is searched for fast, one that starts with a look-behind is tried at every
# position.)
_MID_HEAD_RE = re.compile(r" (?<=\S )(?P<head>[A-Z][\w-]*) (?:of|at) ")
_CONTINUATION_UNIT_RE = re.compile(
    r"^(?:department|faculty|chair|branch|office|division|school|laboratory|lab|unit"
    r"|кафедр\w*|факультет\w*|відділ\w*)\b"
)
_ENDS_WITH_TOPIC_RE = re.compile(r"\b(?:on|for|of)\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*$")
_TITLE_CASE_LIST_RE = re.compile(r"^[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|and|&|the))*$")
_RUN_TOGETHER_WORDS = (
    "center|centre|foundation|institute|university|council|agency|fund|forum|union|network"
    "|initiative|group|course|office|service|association|movement|alliance|lab|hub|platform"
)
_RUN_TOGETHER_FIRST_LETTERS = "".join(sorted({w[0] for w in _RUN_TOGETHER_WORDS.split("|")}))
# The look-ahead for the words' first letters is only a speed-up: trying the case-insensitive
# alternation at every word start is slow, and most words start with another letter.
_RUN_TOGETHER_RE = re.compile(
    rf"\b(?=(?i:[{_RUN_TOGETHER_FIRST_LETTERS}]))((?i:{_RUN_TOGETHER_WORDS}))"
    r"(?=[A-ZА-ЯІЇЄҐ«“])"
)
_UK_ORG_WORD_RE = re.compile(
    r"\b(?:центр|фонд|інститут|університет|рада|агенці|форум|союз|мереж|ініціатив|асоціаці"
    r"|комітет|міністерств|представництв|посольств|академі|організаці|служб|спілк)\w*",
    re.I,
)
_AND_RE = re.compile(r"\s\s*(?:and|&|та|і|й)\s+")
_ORG_TAIL_RE = re.compile(
    r"(?:\b(?i:center|centre|foundation|institute|university|council|agency|fund|forum|union"
    r"|network|initiative|group|course|office|service|association|movement|alliance|lab|hub"
    r"|platform|ngo)|(?:центр|фонд|інститут|університет|рад|агенц|форум|союз|мереж|ініціатив"
    r"|груп|асоціаці|курс)\w*)\W*$",
)
_LEGAL_FORM_START_RE = re.compile(rf"(?:{_LEGAL_FORMS}|the\s)", re.I)  # used with match()
_LEGAL_FORM_PREFIXES = tuple(_LEGAL_FORMS.split("|"))
_LEGAL_FORM_NAME_RE = re.compile(
    rf"^(?P<form>{_LEGAL_FORMS})\s+[«“„\"']?(?P<name>[^«»“”„\"]+?)[»”“\"']?$"
)
_QUOTES_RE = re.compile(r"[“”„«»‟″]")
_MID_LINE_BULLET_RE = re.compile(r"\s*•\s*(?=[A-ZА-ЯІЇЄҐ])")
_QUOTE_THEN_WORD_RE = re.compile(r"([”»])(?=[A-ZА-ЯІЇЄҐ])")
_QUOTE_CHAR_RE = re.compile(r"[“”„«»\"]")
_EMPTY_QUOTES_RE = re.compile(r"\s*(?:“”|«»|„“|„”|\"\")\s*")
_FORM_EMPTY_QUOTES_RE = re.compile(
    rf"^(?P<form>{_LEGAL_FORMS})\s*(?P<open>[“«„\"])(?P<close>[”»“\"])\s*(?P<name>\w.*)$"
)
_APOSTROPHES_RE = re.compile(r"['ʼ`´‘]")
_WORD_RE = re.compile(r"\w+")
_ACRONYM_SPLIT_RE = re.compile(r"[\s\-]+")

_TRAILING_PUNCT = " .,;/:"
_NESTING_RE = re.compile(r"[(\[“«„\"]")
_STRUCTURE_RE = re.compile(r"[,;()\[\]“”«»„\"]")
_SENTENCE_STRUCTURE_RE = re.compile(r"[.“”«»„\"]")
_SEGMENT_RE = re.compile(r"[^,;]*[^,; ][^,;]*")  # a span between separators, not blank
_OPENING = {"(": ")", "[": "]", "“": "”", "«": "»", "„": "“"}


# --------------------------------------------------------------------------- input


def _check_input(text: str) -> None:
    if not isinstance(text, str):
        raise AnnouncementError(f"expected text, got {type(text).__name__}")
    # A character is at most 4 bytes in UTF-8: short texts need no encoding to be measured.
    if len(text) * 4 > MAX_BYTES:
        size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise AnnouncementError(f"text is over 1 MB ({size:,} bytes)")
    if not text or text.isspace():
        raise AnnouncementError("empty text")
    bad = _BAD_CHAR_RE.search(text)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        raise AnnouncementError("invalid text (unpaired surrogate characters)")
    if bad:
        raise AnnouncementError("binary content (control characters), not text")


class _Line(NamedTuple):
    number: int  # 1-based, as an editor would count in the file
    text: str  # whitespace-normalised
    body: str  # without a leading bullet
    bullet: bool
    low: str  # body lower-cased, for the classifying patterns


def _line(number: int, text: str, body: str, bullet: bool) -> _Line:
    return _Line(number, text, body, bullet, body.lower())


def _lines(text: str) -> list[_Line]:
    """Lines with every kind of space made ordinary (NBSP, thin, zero-width) and bullets off."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if not text.isascii():  # plain ASCII text has none of the characters below
        text = _UNUSUAL_SPACE_RE.sub(_unusual_space_replacement, text)
    elif "\r" in text or "\t" in text or "\x0b" in text or "\x0c" in text:
        text = _SPACES_RE.sub(" ", _NEWLINE_RE.sub("\n", text))
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:  # a third of the lines or more: nothing to strip or lower-case
            lines.append(_Line(number, "", "", False, ""))
            continue
        if "  " in line:  # runs of spaces, collapsed line by line: most were indents, gone now
            line = _MULTISPACE_RE.sub(" ", line)
        body, bullet = _strip_bullet(line)
        lines.append(_Line(number, line, body, bullet, body.lower()))
    return lines


def _strip_bullet(line: str) -> tuple[str, bool]:
    """``line`` without its bullet, if it has one; ``line`` is not empty."""
    if line[0].isalpha():
        return line, False  # most lines: no bullet symbol, digit or pictograph can start them
    match = _BULLET_RE.match(line)
    if match and match.end() < len(line):
        return line[match.end() :], True
    # Emoji and other pictographs are used as bullets too ("🔹 Name, role").
    if unicodedata.category(line[0]) == "So":
        rest = line[1:].lstrip("\ufe0f ")
        if rest:
            return rest, True
    return line, False


def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    paragraphs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


# --------------------------------------------------------------------------- small helpers


def _strip_trailing(text: str) -> str:
    """Drop trailing ".", ",", ";", "/", ":" but keep the dot of "Inc." or "Jr."."""
    if text and text[-1] not in _TRAILING_PUNCT and text[0] != " ":
        return text  # the usual case, and this runs for every name and role
    text = text.strip()
    stripped = text.rstrip(_TRAILING_PUNCT)
    if stripped != text and text.endswith("."):
        last = text.rsplit(" ", 1)[-1].casefold()
        if last in _ABBREVIATIONS:
            return text
    return stripped.strip()


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in ``text``: the cheap test before a slow pattern.
    (``map`` with a bound method runs in C; a generator expression, slower, ran for every
    line.)"""
    return any(map(text.__contains__, words))


def _split_top_level(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between commas and semicolons outside brackets and quotes."""
    if "," not in text and ";" not in text:  # a single role: one span, if not blank
        return [_trimmed_span(0, len(text), text)] if text.strip(" ") else []
    if not _NESTING_RE.search(text):
        # Nothing to stay inside of (most roles): let the regex engine find the spans.
        return [_trimmed_span(m.start(), m.end(), text) for m in _SEGMENT_RE.finditer(text)]
    spans: list[tuple[int, int]] = []
    closers: list[str] = []
    in_straight_quote = False
    start = 0
    for match in _STRUCTURE_RE.finditer(text):
        index, char = match.start(), match.group()
        if char == '"':
            in_straight_quote = not in_straight_quote
        elif _closes_as_opening(text, index, closers):
            closers.pop()
        elif char in _OPENING and not (char == "„" and closers and closers[-1] == "“"):
            closers.append(_OPENING[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in ",;" and not closers and not in_straight_quote:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    trimmed = (_trimmed_span(begin, end, text) for begin, end in spans)
    return [(begin, end) for begin, end in trimmed if begin < end]


def _closes_as_opening(text: str, index: int, closers: list[str]) -> bool:
    """A closing quote typed as an opening one ("“Name“, journalist"): a “ that ends a word
    while a “ is open."""
    return (
        text[index] == "“"
        and bool(closers)
        and closers[-1] == "”"
        and not text[index + 1 : index + 2].isalnum()
    )


def _mend_quotes(name: str) -> str:
    """An organisation's name with its quotes in order: empty quotes next to the name
    enclose it after a legal form (NGO “”Name) and are dropped elsewhere (Name “”), and a
    closing quote typed twice or as an opening one is made one closing quote."""
    if not _QUOTE_CHAR_RE.search(name):
        return name  # most names
    form = _FORM_EMPTY_QUOTES_RE.match(name)
    if form:
        name = f"{form['form']} {form['open']}{form['name']}"
        if form["close"] not in name[len(form["form"]) + 2 :]:
            name += form["close"]
    name = " ".join(_EMPTY_QUOTES_RE.sub(" ", name).split())
    opening, closing = name.count("“"), name.count("”")
    if name.endswith("“") and opening >= 2 and not closing:
        name = name[:-1] + "”"
    elif name.endswith("””") and closing > opening:
        name = name[:-1]
    elif "““" in name and opening > closing:
        name = name.replace("““", "“", 1)
    return name


def _trimmed_span(begin: int, end: int, text: str) -> tuple[int, int]:
    while begin < end and text[begin] == " ":
        begin += 1
    while end > begin and text[end - 1] == " ":
        end -= 1
    return begin, end


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
            elif char.isalpha() or char in "’'ʼ":
                previous_upper = False
            else:
                return False
        if len(part) < 2:
            return False
    return True


def _name_word_count(candidate: str) -> int:
    """How many words ``candidate`` has if it reads as a person's name, else 0."""
    if len(candidate) > 60:
        return 0  # prose before a comma: not worth a place in the cache
    return _short_name_word_count(candidate)


@functools.lru_cache(maxsize=4096)
def _short_name_word_count(candidate: str) -> int:
    # Cached: the same names and capitalised words are tested several times per
    # announcement (title, speaker list, bios) and again in the next announcements.
    words = candidate.split(" ")
    if not words or len(words) > 5:
        return 0
    for position, word in enumerate(words):
        folded = word.casefold()
        inner = 0 < position < len(words) - 1
        if inner and (folded in _NAME_PARTICLES or (len(word) == 2 and word[1] == ".")):
            continue
        if folded in _NOT_NAME_WORDS or not _is_name_word(word):
            return 0
    return len(words)


@functools.lru_cache(maxsize=1024)  # the same organisations come back in every announcement
def _normalise_org(name: str, case: str | None = None) -> str:
    """One spelling for an organisation's name: NGO "Name", straight quotes, typographic ’;
    a Ukrainian name in ``case`` ("gen", "ins") is put in the nominative."""
    text = _mend_quotes(_strip_trailing(name.strip(" \t-–—")))
    if text.startswith("the "):
        text = text[4:]
    text = _APOSTROPHES_RE.sub("’", text)
    if case and _CYRILLIC_RE.search(text):
        text = _uk_nominative(text, case)
    # (Testing the start first is much cheaper than trying the pattern on every name.)
    match = _LEGAL_FORM_NAME_RE.match(text) if text.startswith(_LEGAL_FORM_PREFIXES) else None
    if match:
        return f'{match["form"]} "{match["name"].strip()}"'
    return _QUOTES_RE.sub('"', text).strip()


def _uk_nominative(phrase: str, case: str) -> str:
    """Put the leading "adjective(s) + organisation noun" of a Ukrainian phrase in the
    nominative case: "Українським кризовим медіа-центром" -> "Український кризовий
    медіа-центр". Phrases whose noun is not a known organisation noun are left as written.
    """
    words = phrase.split(" ")
    forms = _UK_NOUN_FORMS[case]
    for index, word in enumerate(words[:5]):
        head, _, last = word.rpartition("-")
        found = forms.get(last.casefold())
        if found is None:
            continue
        nominative, gender = found
        if last[:1].isupper():
            nominative = nominative[:1].upper() + nominative[1:]
        converted = [_uk_adjective(w, case, gender) for w in words[:index]]
        if None in converted:
            return phrase  # something other than adjectives precedes the noun
        noun = f"{head}-{nominative}" if head else nominative
        return " ".join([*converted, noun, *words[index + 1 :]])  # type: ignore[list-item]
    return phrase


def _uk_adjective(word: str, case: str, gender: str) -> str | None:
    for ending, nominative in _UK_ADJ_ENDINGS[(case, gender)]:
        if word.endswith(ending):
            return word[: -len(ending)] + nominative
    return None


@functools.lru_cache(maxsize=1024)
def _org_stems(name: str) -> tuple[str, ...]:
    # Cached: every call to action is compared with every partner, and the partners are the
    # same few organisations in every announcement.
    return tuple(w for w in map(str.casefold, _WORD_RE.findall(name)) if w not in _FUNCTION_WORDS)


def _same_stems(stems_a: tuple[str, ...], stems_b: tuple[str, ...]) -> bool:
    """Same words, allowing for grammatical endings ("кризового" ~ "кризовий")."""
    if not stems_a or len(stems_a) != len(stems_b):
        return False
    for x, y in zip(stems_a, stems_b, strict=True):
        if x != y and len(_common_prefix(x, y)) < max(3, min(len(x), len(y)) - 3):
            return False
    return True


def _common_prefix(a: str, b: str) -> str:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[:index]
    return a[: min(len(a), len(b))]


def _acronym(name: str) -> str:
    words = [w for w in _ACRONYM_SPLIT_RE.split(name) if w and w.casefold() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


# --------------------------------------------------------------------------- title, number


def _title_line_number(lines: list[_Line]) -> int:
    for index, line in enumerate(lines):
        if line.text:
            return index
    raise AnnouncementError("empty text")


def _is_title_like(line: _Line) -> bool:
    text = line.text
    return not (
        (line.bullet and _speaker_parts(line.body) is not None)  # "🔥 Title" is fine
        or len(text) > 300
        or not _LETTER_RE.search(text)
        or _TIMESTAMP_RE.match(text)
        or _URL_RE.match(text)
        or _LABEL_RE.match(text)
        or _is_closing(line)
    )


def _find_title(lines: list[_Line], warnings: list[str]) -> tuple[int, str, str]:
    """Index of the title line, that line as written, and the title without the series'
    label; raises if the text does not start with a title."""
    first = _title_line_number(lines)
    line = lines[first]
    if not _is_title_like(line):
        raise AnnouncementError("no recognisable title")
    following = next((other for other in lines[first + 1 :] if other.text), None)
    if following and _strict_speaker(line.body) and _strict_speaker(following.body):
        raise AnnouncementError("no recognisable title (the text starts with a speaker list)")
    title = _without_series_label(line.text)
    if title:
        return first, line.text, title
    # Only a label ("UIF #594"): a short line on its own right after it is the real
    # title; otherwise there is no title, and the editor is told to write one.
    index = first + 1
    while index < len(lines) and not lines[index].text:
        index += 1
    if index > first + 1 and index < len(lines):
        candidate = lines[index]
        alone = index + 1 >= len(lines) or not lines[index + 1].text
        if (
            alone
            and _is_title_like(candidate)
            and len(candidate.text) <= 150
            and not candidate.text.endswith(".")
            and _speaker_parts(candidate.body) is None
        ):
            return index, candidate.text, _without_series_label(candidate.text)
    warnings.append(f"the title is only a label: {line.text!r}")
    return first, line.text, ""


def _without_series_label(text: str) -> str:
    """The title without the series' name and episode number around it ("Ukraine in
    Flames #121: ...", "... | #88"): the number is kept apart, and the series is known."""
    head = _TITLE_HEAD_RE.match(text)
    # The series' name alone is a label only before a separator ("Ukraine in Flames: ...").
    if head and (head["number"] or head["alone"] or head["separator"] or head.end() == len(text)):
        text = text[head.end() :]
    tail = _TITLE_TAIL_RE.search(text)
    if tail and tail.start():
        text = text[: tail.start()]
    return text.strip()


def _find_number(title: str, lines: list[_Line], warnings: list[str]) -> int | None:
    found: list[int] = []
    low_title = title.lower()
    match = _TITLE_NUMBER_RE.search(low_title) if _has_number_marker(low_title) else None
    if match:
        found.append(int(next(group for group in match.groups() if group)))
    for low in [low_title, *(line.low for line in lines)]:
        if not _has_number_marker(low):
            continue  # most lines: skip the regexes
        found.extend(int(m.group(1)) for m in _SERIES_NUMBER_RE.finditer(low))
        hash_line = _HASH_LINE_RE.match(low)
        if hash_line:
            found.append(int(hash_line.group(1)))
    if not found:
        warnings.append("no episode number found")
        return None
    if len(set(found)) > 1:
        numbers = ", ".join(f"#{n}" for n in dict.fromkeys(found))
        warnings.append(f"several episode numbers ({numbers}); took #{found[0]}")
    return found[0]


def _has_number_marker(low: str) -> bool:
    """Whether a lower-cased line has what every episode number pattern needs: a cheap test
    before the patterns, which are slow to search."""
    return "#" in low or "№" in low or "no." in low or "episode" in low or "випуск" in low


def _language(title: str, summary: str, speakers: list[Speaker]) -> str:
    # A few hundred letters decide the script as well as the whole text would.
    people = " ".join(s.name + " " + s.announced_as for s in speakers)
    sample = " ".join([title, summary[:200], people[:200]])
    # Letters of a script = how much shorter the sample is without them (faster than
    # adding up the lengths of the runs findall returns).
    cyrillic = len(sample) - len(_CYRILLIC_RUN_RE.sub("", sample))
    if not cyrillic:
        return "en"  # an English text has no Cyrillic, and counting its Latin letters is slow
    latin = len(sample) - len(_LATIN_RUN_RE.sub("", sample))
    return "uk" if cyrillic > latin else "en"


# --------------------------------------------------------------------------- speakers


@dataclass
class _SpeakerParts:
    name: str
    rest: str
    words: int  # words in the name
    separated: bool  # a separator (",", "–", ":") follows the name


def _speaker_parts(body: str) -> _SpeakerParts | None:
    """Split "Name, roles" (or "Name – roles", or "Name roles") if it starts with a name."""
    if not body[:1].isupper() and not body[:1].isspace():
        return None  # a name starts with a capital: most prose and roles end here, cheaply
    separator = _name_separator(body)
    if separator:
        start, end = separator
        name = _strip_trailing(body[:start])
        words = _name_word_count(name)
        if words:
            return _SpeakerParts(name, body[end:].strip(), words, True)
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
    return _SpeakerParts(name, rest, words_in_name, bool(bracketed))


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
    return parts is not None and parts.separated and bool(parts.rest) and parts.words >= 2


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
    for (name, start, segments), end in zip(people, ends, strict=True):
        announced_as = _strip_trailing(rest[start:end].strip(" ,;"))
        incomplete = " " not in name  # one word: a first name, a nickname
        speakers.append(Speaker(name, announced_as, tuple(_roles(segments)), incomplete))
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


def _bare(word: str) -> str:
    """A word for vocabulary look-ups: folded, without a possessive "’s"."""
    return word.casefold().removesuffix("’s").removesuffix("'s")


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


@functools.lru_cache(maxsize=4096)
def _roles_from_segment(text: str) -> tuple[Role, ...]:
    # Cached (the roles are frozen): the same people come back with the same roles in
    # episode after episode, and in the bios of one announcement.
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


# --------------------------------------------------------------------------- body


@dataclass
class _Body:
    speakers: list[Speaker] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # paragraphs
    warnings: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # of the speakers, kept in step
    label_active: bool = False
    in_bios: bool = False


def _skip_line(line: _Line, title: str) -> bool:
    """Lines that are neither summary nor speakers: timestamps, links, markers, metadata."""
    return line.text == title or bool(_SKIP_RE.match(line.body)) or _is_link_line(line)


def _is_link_line(line: _Line) -> bool:
    """A link with at most a short lead ("Watch on YouTube: https://...")."""
    if "http" not in line.low and "www." not in line.low:
        return False
    without = _URL_RE.sub("", line.text)
    return without != line.text and len(without.strip(" :–—-")) < 40


def _read_body(lines: list[_Line], title: str) -> _Body:
    body = _Body()
    for paragraph in _paragraphs(lines):
        if body.in_bios:
            continue
        _read_paragraph(_join_wrapped(paragraph), title, body)
    return body


def _join_wrapped(paragraph: list[_Line]) -> list[_Line]:
    """A bulleted speaker line wrapped onto the next line continues there ("(2015-2019)")."""
    joined: list[_Line] = []
    for line in paragraph:
        previous = joined[-1] if joined else None
        wrapped = line.body[:1] == "(" or line.body[:1].islower()
        if previous is not None and previous.bullet and not line.bullet and wrapped:
            text, body = f"{previous.text} {line.text}", f"{previous.body} {line.body}"
            joined[-1] = _line(previous.number, text, body, True)
        else:
            joined.append(line)
    return joined


def _read_paragraph(paragraph: list[_Line], title: str, body: _Body) -> None:
    items: list[tuple[_Line, str, bool]] = []  # (line, text to read, listed as a speaker)
    for line in paragraph:
        if _skip_line(line, title):
            continue
        if _BIO_HEADING_RE.match(line.body):
            body.in_bios = True
            break
        label = _LABEL_RE.match(line.body)
        if label and label["rest"] and _speaker_parts(label["rest"]) is None:
            label = None  # "Experts warn: ..." is a sentence, not a label
        if label:
            body.label_active = True
            if label["rest"]:
                items.append((line, label["rest"], True))
            continue
        inline = _INLINE_LABEL_RE.search(line.body) if ":" in line.body else None
        if inline and _speaker_parts(line.body[inline.end() :]) is not None:
            items.append((line, line.body[: inline.start()], False))
            items.append((line, line.body[inline.end() :], True))
            body.label_active = True
            continue
        items.append((line, line.body, line.bullet or body.label_active))

    parsed = [(line, text, listed, _speaker_candidate(text)) for line, text, listed in items]
    has_full_name = any(p is not None and p.words >= 2 for _, _, _, p in parsed)
    # Plain lines are speakers only as a whole paragraph of "Name, roles" lines.
    plain_list = bool(parsed) and all(listed or _plain_speaker(p) for _, _, listed, p in parsed)
    found_any = False
    prose: list[str] = []
    for line, text, listed, parts in parsed:
        accepted = parts is not None and (
            (listed and (parts.words >= 2 or has_full_name or body.label_active))
            or (plain_list and not listed)
        )
        if accepted and parts is not None:
            found_any = True
            _add_speakers(parts, line, body)
        elif not _is_bio(text, body):
            prose.append(text)
            if listed and line.bullet and has_full_name:
                body.warnings.append(f"line {line.number}: not read as a speaker: {text[:60]!r}")
    if prose:
        body.summary.append("\n".join(prose))
    if found_any:
        body.label_active = False


def _add_speakers(parts: _SpeakerParts, line: _Line, body: _Body) -> None:
    for speaker in _speakers_from_line(parts):
        if speaker.name in body.names:
            # Bio sections repeat the list; the first listing is how they were announced.
            if speaker.roles:
                body.warnings.append(f"line {line.number}: {speaker.name} listed again; skipped")
            continue
        body.speakers.append(speaker)
        body.names.add(speaker.name)
        if speaker.name_incomplete:
            body.warnings.append(f"speaker without a surname: {speaker.name}")


def _is_bio(text: str, body: _Body) -> bool:
    """After the list, a paragraph starting with a speaker's name is their bio."""
    if not body.names:
        return False
    words = text.split(" ", 5)  # a name has at most five words: look its first words up
    return any(" ".join(words[:size]) in body.names for size in range(1, len(words) + 1))


# --------------------------------------------------------------------------- closing text


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


@functools.lru_cache(maxsize=256)
def _partner_list(text: str, case: str) -> tuple[str, ...]:
    # Cached: the closing text, and with it the list of partners, is the same in episode
    # after episode.
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
    if "recommendation" in low or "рекомендац" in low:  # faster than the same as a pattern
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


# --------------------------------------------------------------------------- entry point


def parse_announcement(text: str) -> Announcement:
    """Parse one announcement. Raises :class:`AnnouncementError` for text that is empty,
    binary, over 1 MB, or does not start with a recognisable title."""
    _check_input(text)
    lines = _lines(text)
    warnings: list[str] = []
    title_index, title_line, title = _find_title(lines, warnings)
    closing_index = _closing_start(lines, title_index + 1)
    body = _read_body(lines[title_index + 1 : closing_index], title_line)
    closing = lines[closing_index:]
    summary = "\n\n".join(body.summary)
    partners = _partners(closing)
    calls_to_action = _calls_to_action(closing, partners)

    # From the first line on: a marker line ("UIF #594") may stand before the title.
    number = _find_number(title_line, lines[:closing_index], warnings)
    warnings.extend(body.warnings)
    if not body.speakers:
        warnings.append("no speakers found")
    if not closing:
        warnings.append("no closing text: no partners or calls to action")
    return Announcement(
        title=title,
        number=number,
        language=_language(title, summary, body.speakers),
        summary=summary,
        speakers=tuple(body.speakers),
        partners=tuple(partners),
        calls_to_action=tuple(calls_to_action),
        warnings=tuple(warnings),
    )
