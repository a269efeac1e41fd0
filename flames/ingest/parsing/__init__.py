"""Turn the free text of a UKRAINE IN FLAMES announcement into structured data.

Pure Python, no Django, so it can be tested and benchmarked alone. The package reads top
down: ``results`` (what it returns), ``vocabulary`` and ``ukrainian`` (words it knows),
``lines`` and ``punctuation`` (the text), ``names``, ``organisations``, ``periods`` and
``roles`` (the parts of a speaker line), ``speakers``, ``closing``, ``title`` and ``body``
(the parts of an announcement), and this module, which puts them together.

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
  listed again (bio sections) is skipped. Timestamp lines, bio
  headings and the paragraphs after them, link-only lines and "Source:" lines are neither
  speakers nor summary.
* **How a speaker is named** (``shown_as``), as the announcement chose to protect them
  or not: a full name (two words or more, initials included: "O. Haran", "James
  Thomas"); a first name only (one word is never a full name: "Andrii" from occupied
  Kherson, "Андрій"); a pseudonym, a name in quotes at the head of the line (“Bird”,
  «Птаха», Oleksandr “Bird”; quotes in the role are an organisation's); or a description
  in place of a name ("a resident of occupied Kherson", "мешканка окупованого Херсона"),
  which starts with an article or a word for a person, up to the separator before the
  roles. The last three are ``name_incomplete``, with a warning, and like first names
  are read only in a list of speakers.
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

from flames.ingest.parsing.body import _read_body
from flames.ingest.parsing.closing import _calls_to_action, _closing_start, _partners
from flames.ingest.parsing.lines import _check_input, _lines
from flames.ingest.parsing.results import (
    MAX_BYTES,
    Announcement,
    AnnouncementError,
    CallToAction,
    Role,
    Speaker,
)
from flames.ingest.parsing.title import _find_number, _find_title, _language

__all__ = [
    "MAX_BYTES",
    "Announcement",
    "AnnouncementError",
    "CallToAction",
    "Role",
    "Speaker",
    "parse_announcement",
]


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
