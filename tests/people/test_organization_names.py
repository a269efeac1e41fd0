"""Tests for compare_organizations and the keys that find candidates: one organisation,
many names."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flames.people.names import (
    Match,
    compare_organizations,
    organization_initials,
    organization_key,
)

SAME = [
    # quotes, case, spacing
    ('NGO "Euroatlantic Course"', "NGO “Euroatlantic Course”"),
    ("NGO «Euroatlantic Course»", "ngo euroatlantic course"),
    # hyphenation
    ('NGO "Euroatlantic Course"', "NGO Euro-Atlantic Course"),
    ("StopFake", "Stop Fake"),
    # legal form
    ('NGO "Euroatlantic Course"', "Euroatlantic Course"),
    ("ГО «Євроатлантичний курс»", "Громадська організація «Євроатлантичний курс»"),
    ("ГО «Євроатлантичний курс»", "Євроатлантичний курс"),
    ("Come Back Alive Charitable Foundation", "Come Back Alive"),
    # declension
    ("ГО «Євроатлантичний курс»", "Громадської організації «Євроатлантичний курс»"),
    ("Український кризовий медіа-центр", "Українського кризового медіа-центру"),
    ("Український кризовий медіа-центр", "Українським кризовим медіа-центром"),
    ("Міністерство оборони України", "Міністерства оборони України"),
    ("Представництво НАТО в Україні", "Представництва НАТО в Україні"),
    # possessive and word order
    (
        "Ukrainian Catholic University’s analitical center",
        "analytical center of the Ukrainian Catholic University",
    ),
    ("Committee on Foreign Affairs of the Rada", "Rada Committee on Foreign Affairs"),
    # spelling variants and typos
    ("Centre for Defence Strategies", "Center for Defense Strategies"),
    ("Democratic Initiatives Foundation", "Democratic Initiatves Foundation"),
    ("Ukraine Crisis Media Center", "Ukrainian Crisis Media Centre"),
    # transliteration
    ("Detector Media", "Детектор медіа"),
    ("Ukrinform", "Укрінформ"),
    ("NATO", "НАТО"),
    # abbreviations
    ("UCMC", "Ukraine Crisis Media Center"),
    ("УКМЦ", "Український кризовий медіа-центр"),
    ("Аналітичний центр УКУ", "Аналітичний центр Українського католицького університету"),
    ("NaUKMA", "National University of Kyiv-Mohyla Academy"),
    ("OSCE", "Organization for Security and Co-operation in Europe"),
    ("DFRLab", "Digital Forensic Research Lab"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("UN Security Council", "United Nations Security Council"),
]

DOUBTFUL = [
    # one name is the other with more words
    ("Ministry of Defence of Ukraine", "Ministry of Defence"),
    ("NATO Representation in Ukraine", "NATO Representation"),
    ("Ukrainian Catholic University", "Ukrainian Catholic University’s analitical center"),
    # a typo in a short name
    ("Euroatlantic Course", "Euroatlantic Cousre"),
    # three-letter abbreviations stand for too many names to be sure
    ("UCU", "Ukrainian Catholic University"),
    ("ICC", "International Criminal Court"),
]

DIFFERENT = [
    ("Ministry of Defence", "Ministry of Foreign Affairs"),
    ("Ministry of Defence of Ukraine", "Ministry of Defence of Lithuania"),
    ("Міністерство оборони України", "Міністерство закордонних справ України"),
    ("Kyiv School of Economics", "Kyiv School of Public Administration"),
    ("Institute of World Policy", "Institute of World Politics"),
    ("NATO", "NaUKMA"),
    ("NATO", "Nova Ukraine"),
    ("UN", "United Nations"),  # two letters say nothing on their own
    ("EU", "Euroatlantic Union"),
    ("UCMC", "Ukrainian Catholic University"),
    ("UCMC", "UCU"),
    ("Center", "Ukraine Crisis Media Center"),
    ("Ukraine Crisis Media Center", "Український кризовий медіа-центр"),  # a translation
    ("Detector Media", "Internews Ukraine"),
    ("NGO", "NGO"),  # a legal form alone names no one
    ("", "UCMC"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_compare_organizations_same_organisation(a, b):
    assert compare_organizations(a, b) is Match.SAME
    assert compare_organizations(b, a) is Match.SAME


@pytest.mark.parametrize(("a", "b"), DOUBTFUL)
def test_compare_organizations_doubtful(a, b):
    assert compare_organizations(a, b) is Match.DOUBTFUL
    assert compare_organizations(b, a) is Match.DOUBTFUL


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_compare_organizations_different(a, b):
    assert compare_organizations(a, b) is Match.DIFFERENT
    assert compare_organizations(b, a) is Match.DIFFERENT


def test_organization_key_ignores_quotes_form_order_and_case_endings():
    assert organization_key('NGO "Euroatlantic Course"') == "euroatlantik kourse"
    assert organization_key("Euro-Atlantic Course") == "euroatlantik kourse"
    assert organization_key("Громадської організації «Євроатлантичний курс»") == (
        organization_key("ГО «Євроатлантичний курс»")
    )
    assert organization_key("the analytical center of Ukrainian Catholic University") == (
        organization_key("Ukrainian Catholic University’s analitical center")
    )


@pytest.mark.parametrize(("a", "b"), [pair for pair in SAME if len(pair[0]) < len(pair[1])])
def test_organization_key_or_initials_find_every_same_pair(a, b):
    """The indexed values find each SAME pair, so the import never needs to scan."""
    found = organization_key(a) == organization_key(b) or bool(
        {i for i in organization_initials(a) if i} & set(organization_initials(b))
    )
    assert found, (a, b)


def test_organization_initials_split_and_whole_hyphenated_words():
    assert organization_initials("Український кризовий медіа-центр") == ("укмц", "укм")
    assert organization_initials("Organization for Security and Co-operation in Europe") == (
        "oscoe",
        "osce",
    )
    assert organization_initials("UCMC") == ("ucmc", "ucmc")
    assert organization_initials("Аналітичний центр УКУ") == ("ацуку", "ацуку")
    assert organization_initials("Internews") == ("", "")


@given(st.text(max_size=60), st.text(max_size=60))
def test_property_compare_organizations_is_symmetric_and_total(a, b):
    assert compare_organizations(a, b) is compare_organizations(b, a)
    assert isinstance(organization_key(a), str)
    assert all(len(value) <= 50 for value in organization_initials(a))


@given(st.text(min_size=1, max_size=60))
def test_property_equal_keys_compare_same(name):
    for other in (f"NGO «{name}»", f"«{name.upper()}»", " ".join(reversed(name.split()))):
        if organization_key(name) and organization_key(name) == organization_key(other):
            assert compare_organizations(name, other) is Match.SAME
