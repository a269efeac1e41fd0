"""Person-name matching across scripts and romanisations (pure Python, no Django).

Ukrainian names reach Flames in several spellings of the same person: Ukraine's official
2010 romanisation ("Ohryzko", "Chalyi"), older common ones ("Ogryzko", "Chaly",
"Klympush-Tsintsadze"), and Cyrillic ("Огризко"). Foreign guests also get a Cyrillic
rendering that follows sound, not letters ("Karen McTear" / "Карен МакТір").

How it works, in two tiers:

1. **Folded keys** (:func:`name_key`). Cyrillic is transliterated with the 2010 official
   table, everything is lowered to ASCII, and the letters on which romanisations disagree
   are collapsed to one spelling: ``y``/``i``/``ii``/``iy``/``yi`` -> ``i`` (which also
   makes ``ya``/``ia``, ``yu``/``iu``, ``ye``/``ie`` and the adjective endings
   ``-yi``/``-iy``/``-y``/``-yy`` agree), ``g``/``h``/``kh``/``gh`` -> ``h``, ``x`` ->
   ``ks``, ``w`` -> ``v``, ``j`` -> ``i``, hard ``c`` -> ``k`` and soft ``c`` (before e, i,
   y) -> ``ts``, Central-European ``ž š č`` -> ``zh sh ch``, apostrophes dropped, doubled
   letters made single. Equal keys for first name and surname mean the same person.

2. **Consonant skeleton, across scripts only.** When one spelling is Cyrillic and the other
   Latin, a name that is foreign to one of the scripts was transcribed by ear, and vowels
   are what such transcriptions disagree on (McTear / MakTir: ``ea`` is heard as ``i``).
   So when the scripts differ, surnames also match if their keys agree once vowels are
   removed ("mktr"). This tier never applies within one script, where a vowel difference is
   a real difference (Bondar / Bender), and it still needs the first names to agree at
   tier 1 for SAME.

:func:`compare_names` then says SAME (first name and surname agree), DOUBTFUL (the surname
agrees but the first name does not, or one side is a single word or has only an initial for
a surname, so an editor should look)
or DIFFERENT. Names are read in "First [Middle] Last" order, the order announcements use.
A middle name or patronymic present on one side only does not prevent SAME; different
middle names on both sides make it DOUBTFUL.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from typing import NamedTuple

from anyascii import anyascii

__all__ = [
    "Match",
    "compare_names",
    "compare_organizations",
    "name_key",
    "organization_initials",
    "organization_key",
    "surname_key",
    "surname_skeleton",
]

# Ukrainian 2010 official romanisation (Cabinet of Ministers resolution No. 55), lower case.
# The word-initial variants (Ye, Yi, Y, Yu, Ya) are not needed: the folding below treats
# "y" and "i" alike. Russian-only letters are included because older announcements use them.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ё": "io", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip

# Latin letters with a háček and friends are digraphs in English-style romanisation
# (Braže = Браже = Brazhe); anyascii would just drop the mark.
_LATIN_DIGRAPHS = {"ž": "zh", "š": "sh", "č": "ch", "ć": "ch", "ś": "sh", "ź": "zh", "ż": "zh"}

# Every character written for an apostrophe in Ukrainian and English text (the typewriter
# one, the typographic ’ and ‘, the modifier letters ʼ ʹ ʻ, a backtick, an acute accent, a
# prime): the parser, the name keys and the search index all read them as one.
APOSTROPHES = "'’ʼ`´‘ʹʻ′"

_TRANSLATE = str.maketrans({**_CYRILLIC, **_LATIN_DIGRAPHS})
_APOSTROPHES_RE = re.compile(f"[{APOSTROPHES}]")
_NOT_LETTER_RE = re.compile(r"[^a-z\- ]+")
_HYPHENS_RE = re.compile(r"\s*-+\s*")
# "cz" is Polish for ch; "ck" and hard c are k; a soft c (before e, i, y) is ts, as in
# Central-European spellings of Slavic names; "ch" is left alone.
# Each group is named after its replacement.
_C_RE = re.compile(r"(?P<ch>cz)|(?P<k>ck|c(?![eiyh]))|(?P<ts>c(?=[eiy]))")
_H_RE = re.compile(r"kh|gh|g")
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_VOWELS_RE = re.compile(r"[aeiou]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")


class Match(enum.Enum):
    SAME = "same"
    DOUBTFUL = "doubtful"
    DIFFERENT = "different"


def _to_ascii(name: str) -> str:
    """Lower-case ASCII letters, hyphens and single spaces."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = _APOSTROPHES_RE.sub("", text).translate(_TRANSLATE)
    if not text.isascii():
        text = anyascii(text).lower()
    text = _NOT_LETTER_RE.sub(" ", text)
    return " ".join(_HYPHENS_RE.sub("-", text).split()).strip("-")


def _fold(word: str) -> str:
    """Collapse the letters on which romanisations of the same name disagree."""
    word = word.replace("x", "ks").replace("w", "v").replace("q", "k").replace("ph", "f")
    word = word.replace("j", "i")
    word = _C_RE.sub(lambda m: m.lastgroup, word)
    word = _H_RE.sub("h", word).replace("y", "i").replace("tz", "ts")
    return _DOUBLE_RE.sub(r"\1", word)


# Bounded: an import compares each announced name with the same known spellings again
# and again.
@functools.lru_cache(maxsize=8192)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in (_fold(w) for w in _to_ascii(name).split()) if t.strip("-"))


def name_key(name: str) -> str:
    """A matching key: equal for spellings of one full name in any script or romanisation.

    >>> name_key("Valeriy Chaly") == name_key("Valerii Chalyi") == name_key("Валерій Чалий")
    True
    """
    return " ".join(_tokens(name))


def surname_key(name: str) -> str:
    """The matching key of the last word of ``name`` (its surname, in "First Last" order)."""
    tokens = _tokens(name)
    return tokens[-1] if tokens else ""


def _skeleton(key: str) -> str:
    return _VOWELS_RE.sub("", key)


def _cross_script(a: str, b: str) -> bool:
    """True when one name is written in Cyrillic and the other in Latin letters."""
    a_cyr, b_cyr = bool(_CYRILLIC_RE.search(a)), bool(_CYRILLIC_RE.search(b))
    a_lat, b_lat = bool(_LATIN_RE.search(a)), bool(_LATIN_RE.search(b))
    return (a_cyr and not a_lat and b_lat and not b_cyr) or (
        b_cyr and not b_lat and a_lat and not a_cyr
    )


def _surnames_agree(a: str, b: str, *, cross_script: bool) -> bool:
    if a == b:
        return True
    # Tier 2: a transcription by ear keeps the consonants and guesses the vowels.
    return cross_script and len(_skeleton(a)) >= 2 and _skeleton(a) == _skeleton(b)


def _surnames_overlap(a: str, b: str) -> bool:
    """One double-barrelled surname contains the other (a maiden name added or dropped)."""
    parts_a, parts_b = set(a.split("-")), set(b.split("-"))
    return (len(parts_a) > 1 or len(parts_b) > 1) and bool(parts_a & parts_b)


def compare_names(a: str, b: str) -> Match:
    """SAME, DOUBTFUL or DIFFERENT for two spellings of a person's name.

    >>> compare_names("Volodymyr Ogryzko", "Володимир Огризко")
    <Match.SAME: 'same'>
    >>> compare_names("Olena Churanova", "Olga Churanova")
    <Match.DOUBTFUL: 'doubtful'>
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return Match.DIFFERENT
    if len(ta) == 1 or len(tb) == 1:
        # A bare "Andrii" can be anybody called Andrii: never confident.
        single, other = (ta, tb) if len(ta) == 1 else (tb, ta)
        return Match.DOUBTFUL if single[0] in (other[0], other[-1]) else Match.DIFFERENT
    if len(ta[-1]) == 1 or len(tb[-1]) == 1:
        # Nor is "Andrii K.": an initial is not a surname.
        agree = ta[0] == tb[0] and ta[-1][0] == tb[-1][0]
        return Match.DOUBTFUL if agree else Match.DIFFERENT
    cross = _cross_script(a, b)
    if not _surnames_agree(ta[-1], tb[-1], cross_script=cross):
        if _surnames_overlap(ta[-1], tb[-1]):
            return Match.DOUBTFUL
        return Match.DIFFERENT
    if ta[0] != tb[0]:
        return Match.DOUBTFUL
    middle_a, middle_b = ta[1:-1], tb[1:-1]
    if middle_a and middle_b and middle_a != middle_b:
        return Match.DOUBTFUL
    return Match.SAME


def surname_skeleton(name: str) -> str:
    """The surname's key without vowels: one indexed value that finds every spelling
    :func:`compare_names` could call the same or doubtful, in either script."""
    return _skeleton(surname_key(name))


# --------------------------------------------------------------------------- organisations
#
# One organisation reaches Flames under many names: “NGO "Euroatlantic Course"”, "NGO
# Euro-Atlantic Course", "ГО «Євроатлантичний курс»"; "Ukraine Crisis Media Center" and
# "UCMC"; "Аналітичний центр УКУ" and "Аналітичний центр Українського католицького
# університету". Names are compared as sets of word stems: quotes, case, hyphens, word
# order, "of"/"the", a possessive "’s" and a legal form (NGO, ГО, громадська організація)
# do not count; Ukrainian words lose their case endings and are transliterated (so
# "Детектор медіа" = "Detector Media"); English spelling variants are folded (centre =
# center, defence = defense, analitical = analytical). An acronym ("UCMC", "NaUKMA") stands
# for the initials of a run of words in the other name. A translation ("Ukraine Crisis
# Media Center" / "Український кризовий медіа-центр") is not recognised here: the import
# records it as another name of the organisation when it learns it from an announcement.

_ORG_FUNCTION_WORDS = frozenset(
    """of at for to in on the and & from with by as a an or about into under over between
    named з із зі в у до та і й на від для при про щодо імені""".split()
)
_ORG_WORD_RE = re.compile(rf"[\w{APOSTROPHES}-]+")
_POSSESSIVE_RE = re.compile(rf"(?<=[A-Za-z])[{APOSTROPHES}]s\b")
_UK_ENDINGS = sorted(
    """ями ами ого ому ими ові еві ій ий их ім им ом ою ої ей ів ах ях ам ям ею єю ією ія ії
    ію а я у ю і и е є о ь ї""".split(),
    key=len,
    reverse=True,
)
# Abbreviated legal forms, and the spelled-out ones (as words, matched after stemming).
_ORG_LEGAL_FORMS = """NGO|NPO|CSO|INGO|LLC|Ltd|Inc|PLC|CF|ICF
    |ГО|ГС|БФ|МБФ|БО|ВГО|МГО|ТОВ|ПрАТ|ПАТ
    |non-governmental organization|non-governmental organisation|nongovernmental organization
    |non-government organization|non-profit organization|nonprofit organization
    |public organization|civic organization|civil society organization|public union
    |charitable foundation|charity foundation|international charitable foundation
    |charitable organization|громадська організація|громадська спілка|благодійний фонд
    |міжнародний благодійний фонд|благодійна організація|всеукраїнська громадська організація
    |міжнародна громадська організація|неурядова організація"""
# The fewest letters an acronym must have to name an organisation on its own ("UCMC");
# "UN" or "ICC" stand for too many names.
_ACRONYM_SAME = 4
_ACRONYM_DOUBTFUL = 3


class _OrgWord(NamedTuple):
    stem: str  # folded, for comparing
    initials: str  # first letter in its script, one per hyphenated part
    acronym: str  # the letters an acronym stands for ("naukma" -> "nukma"), else ""


def _org_stem(word: str) -> str:
    inflected = not word.isupper()  # "НАТО" is not "НАТ" with an ending
    word = word.casefold().replace("-", "")
    if inflected and _CYRILLIC_RE.search(word):
        for ending in () if word.endswith("іа") else _UK_ENDINGS:  # "медіа" never changes
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        return _org_fold(word)
    word = _org_fold(word)
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]  # "Affairs", "Initiatives"
    return word


def _org_fold(word: str) -> str:
    folded = "".join(_fold(part) for part in _to_ascii(word).split())
    # Spelling variants: centre/center, defence/defense, organisation/organization.
    folded = folded.replace("ts", "s").replace("z", "s")
    return folded[:-2] + "er" if folded.endswith("tre") else folded


@functools.lru_cache(maxsize=8192)
def _org_words(name: str) -> tuple[_OrgWord, ...]:
    """The significant words of an organisation's name, legal form and "of" left out."""
    text = _POSSESSIVE_RE.sub("", unicodedata.normalize("NFC", name))
    raw = [w.strip(f"-{APOSTROPHES}") for w in _ORG_WORD_RE.findall(text)]
    raw = [w for w in raw if w and w.casefold() not in _ORG_FUNCTION_WORDS]
    shouting = len(raw) > 1 and all(not any(c.islower() for c in w) for w in raw)
    words = [_org_word(w.casefold() if shouting else w, acronyms=not shouting) for w in raw]
    words = [w for w in words if w.stem]
    return _without_legal_form(tuple(words))


def _org_word(word: str, *, acronyms: bool) -> _OrgWord:
    parts = [part for part in word.split("-") if part]
    initials = "".join(part[0].casefold() for part in parts)
    capitals = [c for c in word if c.isupper()]
    acronym = ""
    if acronyms and len(capitals) >= 2 and word[0].isupper() and "-" not in word:
        acronym = "".join(capitals).casefold()
    return _OrgWord(_org_stem(word), initials, acronym)


def _legal_forms() -> tuple[tuple[str, ...], ...]:
    forms = {
        tuple(_org_stem(word) for word in form.split())
        for form in (f.strip() for f in _ORG_LEGAL_FORMS.split("|"))
    }
    return tuple(sorted(forms, key=len, reverse=True))


_LEGAL_FORM_STEMS = _legal_forms()


def _without_legal_form(words: tuple[_OrgWord, ...]) -> tuple[_OrgWord, ...]:
    """The words without a legal form before or after them; none if that is all there is."""
    stems = tuple(w.stem for w in words)
    if stems in _LEGAL_FORM_STEMS:
        return ()
    for form in _LEGAL_FORM_STEMS:
        if len(form) < len(stems) and stems[: len(form)] == form:
            return words[len(form) :]
    for form in _LEGAL_FORM_STEMS:
        if len(form) < len(stems) and stems[-len(form) :] == form:
            return words[: -len(form)]
    return words


def organization_key(name: str) -> str:
    """Equal for names of one organisation that differ in case, quotes, hyphens, word order,
    legal form, grammatical case or spelling variant; equal keys always compare SAME."""
    return " ".join(sorted(w.stem for w in _org_words(name)))[:300]


def organization_initials(name: str) -> tuple[str, str]:
    """The initials of a name's significant words, hyphenated words split ("УКМЦ" for
    "Український кризовий медіа-центр") and whole ("OSCE" for "... Co-operation ...");
    an acronym gives its letters. Empty when shorter than two letters. The indexed values
    that find the names :func:`compare_organizations` may call the same by abbreviation."""
    words = _org_words(name)
    split = "".join(w.acronym or w.initials for w in words)
    joined = "".join(w.acronym or w.initials[:1] for w in words)
    return tuple(value[:50] if len(value) >= 2 else "" for value in (split, joined))


def compare_organizations(a: str, b: str) -> Match:
    """SAME, DOUBTFUL (similar: an editor should look) or DIFFERENT for two names of
    organisations.

    >>> compare_organizations("UCMC", "Ukraine Crisis Media Center")
    <Match.SAME: 'same'>
    >>> compare_organizations("Ministry of Defence", "Ministry of Foreign Affairs")
    <Match.DIFFERENT: 'different'>
    """
    if (len(a), a) > (len(b), b):
        a, b = b, a  # one order for both calls: the same verdict either way round
    words_a, words_b = _org_words(a), _org_words(b)
    if not words_a or not words_b:
        return Match.DIFFERENT
    stems_a, stems_b = [w.stem for w in words_a], [w.stem for w in words_b]
    if sorted(stems_a) == sorted(stems_b) or "".join(stems_a) == "".join(stems_b):
        return Match.SAME  # ("StopFake" = "Stop Fake")
    rest_a, rest_b = list(words_a), list(words_b)
    matched = 0
    for word in words_a:
        same = next((other for other in rest_b if other.stem == word.stem), None)
        if same is not None:
            rest_a.remove(word)
            rest_b.remove(same)
            matched += 1
    typos = _pair_near_words(rest_a, rest_b)
    letters = _expand_acronyms(rest_a, rest_b) or _expand_acronyms(rest_b, rest_a)
    if rest_a and rest_b:
        return Match.DIFFERENT  # "Ministry of Defence" / "Ministry of Foreign Affairs"
    if rest_a or rest_b:
        # One name is the other with more words: "NATO Representation (in Ukraine)".
        return Match.DOUBTFUL if matched + typos >= 2 else Match.DIFFERENT
    if letters:
        if typos or (not matched and letters < _ACRONYM_SAME):
            return Match.DOUBTFUL if matched or letters >= _ACRONYM_DOUBTFUL else Match.DIFFERENT
        return Match.SAME
    return Match.SAME if typos == 1 and matched >= 2 else Match.DOUBTFUL


def _pair_near_words(rest_a: list[_OrgWord], rest_b: list[_OrgWord]) -> int:
    """Pair words that are nearly the same, removing them; how many pairs.

    Nearly the same: one letter apart (a typo: "Initiatves") or sharing all but the last
    two letters of the shorter (another form of the word: "Ukraine" / "Ukrainian")."""
    pairs = 0
    for word in list(rest_a):
        if word.acronym:
            continue
        other = next((o for o in rest_b if not o.acronym and _near(word.stem, o.stem)), None)
        if other is not None:
            rest_a.remove(word)
            rest_b.remove(other)
            pairs += 1
    return pairs


def _near(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 4 or max(len(a), len(b)) < 5:
        return False
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    return (prefix >= 5 and prefix >= min(len(a), len(b)) - 2) or _one_edit_apart(a, b)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        swapped = a[start + 1 : start + 2] + a[start : start + 1] + a[start + 2 :]
        return a[start + 1 :] == b[start + 1 :] or swapped == b[start:]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]


def _expand_acronyms(acronyms: list[_OrgWord], words: list[_OrgWord]) -> int:
    """When the words left on one side are acronyms of the words left on the other
    (in order: "УКУ" for "Українського католицького університету"), remove them all;
    return how many letters the acronyms had."""
    if not acronyms or not words or not all(w.acronym for w in acronyms):
        return 0
    if any(w.acronym for w in words):
        return 0
    letters = "".join(w.acronym for w in acronyms)
    split = "".join(w.initials for w in words)
    joined = "".join(w.initials[:1] for w in words)
    if letters not in (split, joined):
        return 0
    acronyms.clear()
    words.clear()
    return len(letters)
