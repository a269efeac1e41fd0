"""One set of apostrophes for the parser, the name keys and the search index (issue 17, item
7): a word is read the same whichever apostrophe it was typed with. Before, the parser
mended only ' ʼ ` ´ ‘ in organisation names and accepted only ’ ' ʼ inside a person's name,
name keys ignored neither ʻ nor ′, and only the search index knew all of them."""

import pytest

from flames.ingest.parsing import parse_announcement
from flames.people.names import (
    APOSTROPHES,
    Match,
    compare_organizations,
    name_key,
    organization_key,
)
from flames.search.text import fold, tokens

ANNOUNCEMENT = """Ukraine in Flames #300: A winter of repairs

A panel on how the grid holds.

Speakers:
Olena O{a}Neill, head of the Mar{a}yana Foundation
Ihor Todorov, journalist

UKRAINE IN FLAMES project is created by Ukraine{a}s Energy Fund and NGO “Voice”.
"""


def test_the_typographic_apostrophe_is_one_of_them():
    assert "’" in APOSTROPHES and "'" in APOSTROPHES and "ʼ" in APOSTROPHES
    assert len(set(APOSTROPHES)) == len(APOSTROPHES)


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
def test_the_search_index_drops_every_apostrophe(apostrophe):
    assert tokens(f"м{apostrophe}ясо") == ["мясо"]
    assert fold(f"Ukraine{apostrophe}s path") == "ukraines path"


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
def test_name_keys_ignore_every_apostrophe(apostrophe):
    assert name_key(f"Olena O{apostrophe}Neill") == name_key("Olena ONeill")
    assert name_key(f"Мар{apostrophe}яна") == name_key("Мар’яна")
    assert organization_key(f"Ukraine{apostrophe}s Energy Fund") == organization_key(
        "Ukraine’s Energy Fund"
    )
    assert compare_organizations(f"Ukraine{apostrophe}s Energy Fund", "Ukraine Energy Fund") is (
        Match.SAME
    )


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
def test_the_parser_reads_every_apostrophe_in_names(apostrophe):
    announcement = parse_announcement(ANNOUNCEMENT.format(a=apostrophe))

    first, second = announcement.speakers
    assert first.name == f"Olena O{apostrophe}Neill"
    assert first.roles[0].organization == f"Mar{apostrophe}yana Foundation"
    assert second.name == "Ihor Todorov"
    # Organisation names of the closing text are written with the typographic apostrophe.
    assert announcement.partners == ("Ukraine’s Energy Fund", 'NGO "Voice"')


@pytest.mark.parametrize("apostrophe", APOSTROPHES)
def test_the_three_agree_on_a_parsed_name(apostrophe):
    announcement = parse_announcement(ANNOUNCEMENT.format(a=apostrophe))
    name = announcement.speakers[0].name
    assert name_key(name) == name_key("Olena O'Neill")
    assert tokens(name) == tokens("Olena O'Neill") == ["olena", "oneill"]
