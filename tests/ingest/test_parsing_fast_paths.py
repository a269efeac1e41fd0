"""The speed-ups in flames.ingest.parsing must not change any result: cached helpers give
the same answer every time, and fast paths agree with the patterns they stand in for."""

import re

import pytest

from flames.ingest.parsing import closing, lines, organisations, parse_announcement, roles
from tests.samples import SAMPLES


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_parsing_again_gives_the_same_result(path):
    text = path.read_text(encoding="utf-8")
    first = parse_announcement(text).as_dict()
    assert parse_announcement(text).as_dict() == first
    for cached in (roles._roles_from_segment, closing._partner_list, organisations._normalise_org):
        cached.cache_clear()
    assert parse_announcement(text).as_dict() == first


def test_cached_roles_cannot_be_changed_by_a_caller():
    found = roles._roles_from_segment("Head of the Kyiv Security Forum")
    assert isinstance(found, tuple)
    assert closing._partner_list("UCMC and NGO “Free Voice”", "ins") == ("UCMC", 'NGO "Free Voice"')


@pytest.mark.parametrize(
    "text",
    [
        "Media CenterUkrainian Catholic University",
        "CENTER«Free Voice»",
        "the ſervice“X” and İnstituteY",  # letters that match only case-insensitively
        "networKUkraine",  # Kelvin sign
        "UCMC and NGO “Euroatlantic Course”",
    ],
)
def test_run_together_first_letter_look_ahead_changes_no_match(text):
    plain = re.compile(rf"\b((?i:{closing._RUN_TOGETHER_WORDS}))(?=[A-ZА-ЯІЇЄҐ«“])")
    assert closing._RUN_TOGETHER_RE.sub(r"\1, ", text) == plain.sub(r"\1, ", text)


@pytest.mark.parametrize(
    "text", ["a\u00a0b\u200bc\u2028d\te\u3000f\x85g\ufeffh", "plain text", "tab\there"]
)
def test_one_pass_space_replacement_matches_three_passes(text):
    three = lines._SPACES_RE.sub(
        " ", lines._INVISIBLE_RE.sub("", lines._NEWLINE_RE.sub("\n", text))
    )
    one = lines._UNUSUAL_SPACE_RE.sub(lines._unusual_space_replacement, text)
    assert one == three
