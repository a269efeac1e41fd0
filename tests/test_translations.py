"""The Ukrainian catalog: complete, well-formed, compiled, and in step with the code.

When the code gains a translatable string, test_msgids_match_source_when_extracted fails
until someone runs ``make messages``; the other tests then point at the entries in
flames/locale/uk/LC_MESSAGES/django.po still to translate, and at a stale django.mo.
"""

import gettext
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
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


def catalog(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


def messages(po: polib.POFile) -> list[polib.POEntry]:
    """The entries of a catalog, the header and obsolete (#~) entries left out."""
    return [entry for entry in po if not entry.obsolete]


def identity(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def translations(entry: polib.POEntry) -> dict[int, str]:
    """Each plural form's translation by index; a message without plural has form 0."""
    return dict(entry.msgstr_plural) if entry.msgid_plural else {0: entry.msgstr}


def described(entry: polib.POEntry) -> str:
    return f"django.po:{entry.linenum} {entry.msgid!r}"


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
def po() -> polib.POFile:
    return catalog(PO)


def test_header_declares_ukrainian_utf8_and_three_plural_forms(po):
    fields = po.metadata
    assert fields["Language"] == "uk"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == UKRAINIAN_PLURAL_FORMS


def test_catalog_nonempty_when_parsed(po):
    assert len(messages(po)) > 100


def test_msgstr_nonempty_in_all_plural_forms(po):
    untranslated = []
    for entry in messages(po):
        expected = range(3) if entry.msgid_plural else range(1)
        forms = translations(entry)
        if sorted(forms) != list(expected) or not all(forms.values()):
            untranslated.append(described(entry))
    assert not untranslated, "untranslated or missing plural forms:\n" + "\n".join(untranslated)


def test_entries_not_fuzzy(po):
    fuzzy = ["(header)"] if po.metadata_is_fuzzy else []
    fuzzy += [described(entry) for entry in po if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries (review, then drop the flag):\n" + "\n".join(fuzzy)


def test_placeholders_match_msgid(po):
    mismatches = []
    for entry in messages(po):
        flags = set(entry.flags)
        # Ukrainian uses every form for many numbers (form 0 for 1, 21, 31...), so each
        # form needs the plural msgid's placeholders, count included.
        source = entry.msgid_plural or entry.msgid
        expected = placeholders(source, flags)
        if not placeholders(entry.msgid, flags) <= expected:
            mismatches.append(f"{described(entry)}: msgid and msgid_plural disagree")
        for index, translation in sorted(translations(entry).items()):
            found = placeholders(translation, flags)
            if found != expected:
                mismatches.append(
                    f"{described(entry)} msgstr[{index}]: {sorted(found.elements())}"
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


def test_msgids_match_source_when_extracted(po, tmp_path, monkeypatch, settings):
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
    extracted = {identity(entry) for entry in messages(catalog(copy / PO.relative_to(FLAMES)))}
    committed = {identity(entry) for entry in messages(po)}
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
