"""Searching: names across scripts, folding, phrases, prefixes, ranking, filters, snippets,
hostile input. Runs unchanged on SQLite FTS5 and on PostgreSQL."""

import pytest
from django.db import connection

from flames.search.selectors import SearchFilters, search
from tests.search.conftest import found, titles

BITE = "Sanctions that bite"
CULTURE = "Culture under fire"
FOOD = "Зерно і м’ясо: продовольча безпека"


def test_search_backend_is_the_configured_database(db):
    from flames.search.backends import backend

    assert backend().vendor == connection.vendor


@pytest.mark.parametrize("text", ["Клімкін", "Klimkin", "klimkin", "Павло Клімкін", "Klymkin"])
def test_search_name_in_either_script_finds_the_person_first(archive, text):
    assert found(text)[0] == ("person", "Pavlo Klimkin", None)


@pytest.mark.parametrize("text", ["Ohryzko", "Ogryzko", "Огризко", "Volodymyr Ohryzko"])
def test_search_other_romanisation_finds_ogryzko(archive, text):
    assert found(text)[0] == ("person", "Volodymyr Ogryzko", None)


def test_search_name_finds_person_then_episodes_then_passages(archive):
    assert found("Klimkin") == [
        ("person", "Pavlo Klimkin", None),
        ("episode", BITE, None),
        ("passage", BITE, 40_000),
    ]


@pytest.mark.parametrize("text", ["м'ясо", "м’ясо", "мʼясо", "М`ЯСО", "мясо"])
def test_search_apostrophe_variants_are_one_word(archive, text):
    assert titles(text) == [FOOD]


@pytest.mark.parametrize("text", ["Braže", "braze", "BRAŽE", "Brazhe", "Браже"])
def test_search_diacritics_and_transliteration_are_folded(archive, text):
    assert found(text)[0] == ("person", "Baiba Braže", None)


def test_search_cyrillic_words_match_case_insensitively(archive):
    assert titles("ЗЕРНО") == [FOOD]
    assert titles("продовольча безпека") == [FOOD]


def test_search_phrase_matches_words_in_order_only(archive):
    assert found('"shadow fleet"') == [("passage", BITE, 40_000)]
    assert found('"fleet shadow"') == []


def test_search_phrase_and_word_together(archive):
    assert found('"shadow fleet" oil') == [("passage", BITE, 40_000)]
    assert found('"shadow fleet" museums') == []


def test_search_words_match_as_prefixes(archive):
    assert found("sanct") == found("sanctions")
    assert found("Klim")[0] == ("person", "Pavlo Klimkin", None)
    assert titles("продовольч") == [FOOD]


def test_search_short_words_do_not_match_as_prefixes(archive):
    assert found("fl") == []


def test_search_quoted_word_is_exact(archive):
    assert found('"sanct"') == []


def test_search_every_word_must_match(archive):
    assert found("shadow museums") == []


def test_search_ranks_title_matches_then_other_matches_then_transcripts(archive):
    assert found("sanctions") == [
        ("topic", "Sanctions", None),
        ("episode", BITE, None),
        ("episode", CULTURE, None),  # "sanctions" in its summary only
        ("passage", BITE, 40_000),
    ]


def test_search_title_match_beats_a_transcript_mention(archive):
    assert found("culture") == [
        ("topic", "Culture", None),
        ("episode", CULTURE, None),
        ("passage", CULTURE, 35_000),
    ]


def test_search_episode_number_finds_the_episode(archive):
    assert found("121") == [("episode", BITE, None)]


def test_search_announced_roles_are_searchable(archive):
    assert [kind for kind, _, _ in found("minister")] == ["episode", "passage", "passage"]


def test_search_what_someone_said_about_a_topic(archive):
    assert found("Klimkin oil") == [("episode", BITE, None), ("passage", BITE, 40_000)]


def test_search_unpublished_episodes_passages_and_people_are_hidden(archive):
    assert found("secret") == []
    assert found("Hidden Guest") == []
    assert ("episode", "Secret sanctions plan", None) not in found("sanctions")


def test_search_filter_by_topic(archive):
    assert found("sanctions", topic=archive.culture) == [("episode", CULTURE, None)]
    assert found("shadow", topic=archive.culture) == []


def test_search_filter_by_year(archive):
    assert found("Ogryzko", year=2022) == [("episode", CULTURE, None), ("passage", CULTURE, 0)]
    assert found("Ogryzko", year=2024) == [("episode", FOOD, None)]
    assert found("Ogryzko", year=2023) == []


def test_search_filter_by_person_keeps_their_episodes_and_words(archive):
    assert found("fleet", person=archive.klimkin) == [("passage", BITE, 40_000)]
    assert found("evening", person=archive.klimkin) == []
    assert found("Klimkin", person=archive.klimkin) == [
        ("person", "Pavlo Klimkin", None),
        ("episode", BITE, None),
        ("passage", BITE, 40_000),
    ]


def test_search_filter_by_language(archive):
    assert titles("Огризко", language="uk") == [FOOD]
    assert titles("security", language="en") == [CULTURE]


def test_search_snippet_marks_matched_words_in_transcript(archive):
    result = search(text="fleet", filters=SearchFilters()).results[0]

    assert result.url == "/en/episodes/sanctions-that-bite/#cue-en-3"
    assert result.timestamp == "0:40"
    assert result.snippet == (
        "Pavlo Klimkin: Sanctions must hit the shadow <mark>fleet</mark>. The shadow "
        "<mark>fleet</mark> carries Russian oil past the cap."
    )


def test_search_snippet_marks_names_found_by_key(archive):
    result = search(text="Клімкін", filters=SearchFilters()).results[2]

    assert result.snippet.startswith("Pavlo <mark>Klimkin</mark>: Sanctions")


def test_search_title_is_marked_and_escaped(archive, committed):
    from tests import factories

    with committed():
        factories.episode("<script>alert(1)</script> & Sanctions", slug="x", summary="A & B")

    result = search(text="alert", filters=SearchFilters()).results[0]

    assert result.title == "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; Sanctions"
    assert result.snippet == "A &amp; B"


def test_search_long_text_snippet_is_cut_around_the_match(archive, committed):
    from tests import factories

    words = " ".join(f"word{n}" for n in range(100))
    with committed():
        factories.episode("Long", slug="long", summary=f"{words} needle {words}")

    result = search(text="needle", filters=SearchFilters()).results[0]

    assert result.snippet == (
        "… word92 word93 word94 word95 word96 word97 word98 word99 <mark>needle</mark> "
        + " ".join(f"word{n}" for n in range(23))
        + " …"
    )


HOSTILE = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(a b, 2)",
    "'; DROP TABLE search_searchentry; --",
    "a OR",
    "-",
    "- sanctions",
    "sanctions NOT",
    "title_terms: sanctions",
    "{title_terms} : x",
    "^sanctions",
    "sanctions*",
    "'sanctions':*A & !x",
    "x <-> y",
    "(",
    ")",
    "\\",
    "\x00",
    "%",
    "_",
    "AND",
    "😀",
    "x" * 5000,
    "sanctions " * 1000,
    '"shadow fleet',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_search_hostile_input_gives_results_or_none(archive, text):
    results = search(text=text, filters=SearchFilters()).results

    assert isinstance(results, list)


def test_search_hostile_input_still_finds_its_words(archive):
    assert found("sanctions*") == found("sanctions")
    assert found("- sanctions") == found("sanctions")
    assert found("title_terms: sanctions") == []  # two words, both required
    assert found('"shadow fleet') == [("passage", BITE, 40_000)]


def test_search_empty_query_has_no_results(archive):
    outcome = search(text="  ", filters=SearchFilters())

    assert (bool(outcome.query), outcome.results, outcome.total) == (False, [], 0)


def test_search_stopwords_alone_still_search(archive):
    assert ("episode", BITE, None) in found("the")  # "the loopholes"


def test_search_pages_results(archive, committed):
    from tests import factories

    with committed():
        for n in range(25):
            factories.episode(f"Pager {n}", slug=f"pager-{n}")

    first = search(text="pager", filters=SearchFilters())
    second = search(text="pager", filters=SearchFilters(), page_number=2)

    assert (first.total, len(first.results), len(second.results)) == (25, 20, 5)
    assert {r.entry.title for r in first.results + second.results} == {
        f"Pager {n}" for n in range(25)
    }


def test_search_candidates_are_the_newest_matches_by_either_path(archive, committed, monkeypatch):
    from flames.search import backends
    from flames.search.models import SearchEntry
    from flames.search.query import parse_query
    from tests import factories

    with committed():
        for n in range(6):
            factories.episode(f"Corridor {n}", slug=f"corridor-{n}", summary="Grain.")
    newest = [f"Corridor {n}" for n in (5, 4, 3)]

    def titles_of(limit):
        found = backends.backend().candidates(parse_query("corridor"), backends.Facets(), limit)
        return [SearchEntry.objects.get(pk=candidate.id).title for candidate in found["records"]]

    # PostgreSQL: too few recent rows hold three matches, so the GIN index answers.
    monkeypatch.setattr(backends, "RECENT_ROWS", {"records": 2, "passages": 2})
    assert titles_of(3) == newest
    # Enough recent rows: the newest rows answer.
    monkeypatch.setattr(backends, "RECENT_ROWS", {"records": 50, "passages": 50})
    assert titles_of(3) == newest
