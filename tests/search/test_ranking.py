"""Relevance among candidates (pure Python): the same for both databases."""

from flames.search.query import parse_query
from flames.search.ranking import Texts, scores


def test_scores_title_outweighs_body():
    query = parse_query("sanctions")
    title = Texts("sanctions that bite", "", "how to close loopholes")
    body = Texts("culture under fire", "", "museums and the sanctions debate")

    assert scores([title, body], query) == sorted(scores([title, body], query), reverse=True)
    assert scores([title, body], query)[0] > scores([title, body], query)[1] > 0


def test_scores_repeats_count_but_saturate():
    query = parse_query("fleet")
    once = Texts("", "", "the fleet sails " + "word " * 20)
    twice = Texts("", "", "the fleet and the fleet " + "word " * 18)
    many = Texts("", "", "fleet " * 20)

    low, mid, high = scores([once, twice, many], query)

    assert low < mid < high < 2 * mid


def test_scores_rare_term_weighs_more_than_common_one():
    query = parse_query("klimkin sanctions")
    rare = Texts("", "", "klimkin spoke")
    common = [Texts("", "", "sanctions again") for _ in range(8)]

    result = scores([rare, *common], query)

    assert result[0] > result[1] == result[8]


def test_scores_name_keys_count_in_names():
    query = parse_query("Ohryzko")

    assert scores([Texts("", "0kvolodimir 0kohrizko", ""), Texts("", "", "")], query)[1] == 0
    assert scores([Texts("", "0kvolodimir 0kohrizko", ""), Texts("", "", "")], query)[0] > 0


def test_scores_phrases_count_in_order():
    query = parse_query('"shadow fleet"')

    in_order, reversed_order = scores(
        [Texts("", "", "the shadow fleet sails"), Texts("", "", "the fleet shadow")], query
    )

    assert in_order > 0 == reversed_order
