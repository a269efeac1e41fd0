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

from anyascii import anyascii

__all__ = ["Match", "compare_names", "name_key", "surname_key", "surname_skeleton"]

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

_TRANSLATE = str.maketrans({**_CYRILLIC, **_LATIN_DIGRAPHS})
_APOSTROPHES_RE = re.compile(r"['’ʼ`´‘ʹ]")
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


_ORG_NOISE_RE = re.compile(r"[\"'“”„«»‘’ʼ`.,]")


def organization_key(name: str) -> str:
    """Equal for spellings of an organisation's name that differ only in case, quotes,
    apostrophes, dots and spacing (NGO “Euroatlantic Course” = NGO "Euroatlantic Course")."""
    return " ".join(_ORG_NOISE_RE.sub("", name).casefold().split())
