"""The Ukrainian catalog: complete, well-formed, compiled, and in step with the code.

When the code gains a translatable string, test_msgids_match_source_when_extracted fails
until someone runs ``make messages``; the other tests then point at the entries in
flames/locale/uk/LC_MESSAGES/django.po still to translate, and at a stale django.mo.
"""

import ast
import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

FLAMES = Path(__file__).resolve().parents[1] / "flames"
MESSAGES = FLAMES / "locale" / "uk" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"

UKRAINIAN_PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)

# printf-style conversions as Python's % operator reads them ("%%" is a literal).
CONVERSION = r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?" + CONVERSION)
NAMED_PLACEHOLDER = re.compile(r"%\(\w+\)" + CONVERSION)
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    flags: set[str] = set()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            target, flags = None, set()
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if keyword.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: string outside an entry")
            value = ast.literal_eval(line)
        else:
            value = ast.literal_eval(rest)
            after_msgctxt = target is not None and target[0] == "msgctxt"
            if keyword == "msgctxt" or (keyword == "msgid" and not after_msgctxt):
                entry = Entry(line=number, flags=flags)
                entries.append(entry)
                flags = set()
            elif target is None:
                raise ValueError(f"{path}:{number}: {keyword} before msgid")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                target = (keyword, 0 if keyword == "msgstr" else None)
            else:
                raise ValueError(f"{path}:{number}: unknown keyword {keyword!r}")
            if target[0] == "msgstr":
                entry.msgstr.setdefault(target[1], "")
            else:
                setattr(entry, keyword, "")
        assert entry is not None and target is not None
        name, index = target
        if name == "msgstr":
            entry.msgstr[index] += value
        else:
            setattr(entry, name, getattr(entry, name) + value)
    return entries


def header_fields(entries: list[Entry]) -> dict[str, str]:
    header = next(entry for entry in entries if entry.msgid == "" and entry.msgctxt is None)
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in header.msgstr[0].splitlines())
    )


def messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if entry.msgid != "" or entry.msgctxt is not None]


def placeholders(text: str, flags: set[str]) -> Counter:
    # A lone "%" may be literal text; "%(name)s" never is, whatever the flags say.
    percent = PERCENT_PLACEHOLDER if "python-format" in flags else NAMED_PLACEHOLDER
    found = [match for match in percent.findall(text) if match != "%%"]
    if "python-brace-format" in flags:
        found += BRACE_PLACEHOLDER.findall(text)
    return Counter(found)


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: install GNU gettext (apt-get install gettext)")
    return path


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO)


def test_header_declares_ukrainian_utf8_and_three_plural_forms(entries):
    fields = header_fields(entries)
    assert fields["Language"] == "uk"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == UKRAINIAN_PLURAL_FORMS


def test_catalog_nonempty_when_parsed(entries):
    assert len(messages(entries)) > 100


def test_msgstr_nonempty_in_all_plural_forms(entries):
    untranslated = []
    for entry in messages(entries):
        expected = range(3) if entry.msgid_plural is not None else range(1)
        if sorted(entry.msgstr) != list(expected) or not all(entry.msgstr.values()):
            untranslated.append(str(entry))
    assert not untranslated, "untranslated or missing plural forms:\n" + "\n".join(untranslated)


def test_entries_not_fuzzy(entries):
    fuzzy = [str(entry) for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries (review, then drop the flag):\n" + "\n".join(fuzzy)


def test_placeholders_match_msgid(entries):
    mismatches = []
    for entry in messages(entries):
        # Ukrainian uses every form for many numbers (form 0 for 1, 21, 31...), so each
        # form needs the plural msgid's placeholders, count included.
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = placeholders(source, entry.flags)
        if not placeholders(entry.msgid, entry.flags) <= expected:
            mismatches.append(f"{entry}: msgid and msgid_plural disagree")
        for index, translation in sorted(entry.msgstr.items()):
            found = placeholders(translation, entry.flags)
            if found != expected:
                mismatches.append(
                    f"{entry} msgstr[{index}]: {sorted(found.elements())}"
                    f" != {sorted(expected.elements())}"
                )
    assert not mismatches, "placeholders differ:\n" + "\n".join(mismatches)


def test_mo_matches_po_when_recompiled(tmp_path):
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [require("msgfmt"), "--check", "-o", str(fresh), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert MO.exists(), f"{MO} is missing: run make messages"
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        # _catalog is the whole mapping of msgid (or (msgid, form)) to translation.
        committed_catalog = gettext.GNUTranslations(committed)._catalog
        compiled_catalog = gettext.GNUTranslations(compiled)._catalog
    stale = sorted(
        "(header)" if key == "" else repr(key)
        for key in committed_catalog.keys() | compiled_catalog.keys()
        if committed_catalog.get(key) != compiled_catalog.get(key)
    )
    assert not stale, "django.mo is out of date, run make messages:\n" + "\n".join(stale)


def test_msgids_match_source_when_extracted(entries, tmp_path, monkeypatch, settings):
    from django.core.management import call_command

    require("xgettext")
    copy = tmp_path / "flames"
    shutil.copytree(FLAMES, copy, ignore=shutil.ignore_patterns("static", "locale", "__pycache__"))
    # Point makemessages at the copy only, so the committed catalog is never touched.
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages", locale=["uk"], ignore_patterns=["static/*"], no_obsolete=True, verbosity=0
    )
    extracted = {entry.key for entry in messages(parse_po(copy / PO.relative_to(FLAMES)))}
    committed = {entry.key for entry in messages(entries)}
    missing = sorted(extracted - committed, key=str)
    unused = sorted(committed - extracted, key=str)
    assert not missing, (
        "strings marked in the code but missing from django.po; run make messages, "
        "translate them and compile:\n" + "\n".join(map(str, missing))
    )
    assert not unused, (
        "django.po has strings the code no longer marks; run make messages:\n"
        + "\n".join(map(str, unused))
    )


def test_gettext_translates_interface_string_under_uk():
    from django.utils import translation

    with translation.override("uk"):
        assert translation.gettext("How to help") == "Як допомогти"
        assert translation.gettext("Episodes") == "Випуски"
    with translation.override("en"):
        assert translation.gettext("How to help") == "How to help"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 випуск"),
        (2, "2 випуски"),
        (4, "4 випуски"),
        (5, "5 випусків"),
        (11, "11 випусків"),
        (12, "12 випусків"),
        (21, "21 випуск"),
        (22, "22 випуски"),
        (25, "25 випусків"),
        (111, "111 випусків"),
    ],
)
def test_ngettext_picks_ukrainian_plural_form_under_uk(count, expected):
    from django.utils import translation

    with translation.override("uk"):
        text = translation.ngettext("%(counter)s episode", "%(counter)s episodes", count)
    assert text % {"counter": count} == expected
