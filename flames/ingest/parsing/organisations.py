"""One spelling for an organisation's name (legal form, quotes, apostrophes, case), and
comparing two spellings of one organisation."""

from __future__ import annotations

import re

from flames.ingest.parsing.punctuation import _strip_trailing
from flames.ingest.parsing.ukrainian import _uk_nominative
from flames.ingest.parsing.vocabulary import _FUNCTION_WORDS, _LEGAL_FORMS
from flames.people.names import APOSTROPHES

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LEGAL_FORM_PREFIXES = tuple(_LEGAL_FORMS.split("|"))
_LEGAL_FORM_NAME_RE = re.compile(
    rf"^(?P<form>{_LEGAL_FORMS})\s+[«“„\"']?(?P<name>[^«»“”„\"]+?)[»”“\"']?$"
)
_QUOTES_RE = re.compile(r"[“”„«»‟″]")
_QUOTE_CHAR_RE = re.compile(r"[“”„«»\"]")
_EMPTY_QUOTES_RE = re.compile(r"\s*(?:“”|«»|„“|„”|\"\")\s*")
_FORM_EMPTY_QUOTES_RE = re.compile(
    rf"^(?P<form>{_LEGAL_FORMS})\s*(?P<open>[“«„\"])(?P<close>[”»“\"])\s*(?P<name>\w.*)$"
)
_APOSTROPHES_RE = re.compile(f"[{APOSTROPHES}]")
_WORD_RE = re.compile(r"\w+")
_ACRONYM_SPLIT_RE = re.compile(r"[\s\-]+")


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


def _org_stems(name: str) -> tuple[str, ...]:
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
