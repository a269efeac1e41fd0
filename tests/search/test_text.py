"""Folding text and reading queries (pure Python): what both backends compare."""

import pytest

from flames.search.query import MAX_TERMS, Phrase, Term, parse_query
from flames.search.text import fold, name_tokens, tokens, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine’s Path", ["ukraines", "path"]),
        ("м'ясо м’ясо мʼясо М`ЯСО", ["мясо"] * 4),
        ("Київ ЇЖАК йога Ґанок", ["київ", "їжак", "йога", "ґанок"]),
        (
            "Braže Lefèvre Wiśniewski Straße Łukasz",
            ["braze", "lefevre", "wisniewski", "strasse", "lukasz"],
        ),
        (
            "Klympush-Tsintsadze, 2022–2024; F-16!",
            ["klympush", "tsintsadze", "2022", "2024", "f", "16"],
        ),
        ("ﬁnal ＵＫＲ", ["final", "ukr"]),
        ("snake_case <b>", ["snake", "case", "b"]),
        ("", []),
    ],
)
def test_tokens_fold_case_diacritics_apostrophes(text, expected):
    assert tokens(text) == expected


def test_fold_joins_tokens_of_all_texts_with_single_spaces():
    assert fold("Black  Sea", "", "Чорне море") == "black sea чорне море"


def test_words_pair_written_words_with_their_tokens():
    assert words("Braže's Огризко") == [("Bražes", "brazes"), ("Огризко", "огризко")]


def test_name_tokens_agree_across_scripts_and_romanisations():
    assert (
        name_tokens("Володимир Огризко")
        == name_tokens("Volodymyr Ogryzko")
        == ["volodimir", "ohrizko"]
    )
    assert name_tokens("Klympush-Tsyntsadze") == ["klimpush", "tsintsadze"]


def test_parse_query_terms_phrases_prefixes_and_keys():
    query = parse_query('Клімкін "shadow fleet" on oil')

    assert query.terms == (
        Term("клімкін", key="klimkin", prefix=True),
        Term("oil", key="oil", prefix=True),
    )
    assert query.phrases == (Phrase(("shadow", "fleet")),)


def test_parse_query_short_words_are_exact_and_stopwords_dropped():
    assert parse_query("EU and the war").terms == (
        Term("eu", key="eu"),
        Term("war", key="var", prefix=True),
    )


def test_parse_query_only_stopwords_are_kept_exact():
    assert parse_query("the and").terms == (Term("the"), Term("and"))


def test_parse_query_quoted_single_word_is_exact():
    assert parse_query('"Ohryzko"').terms == (Term("ohryzko"),)


def test_parse_query_unclosed_quote_reads_plain_words():
    query = parse_query('"shadow fleet')

    assert (query.terms, query.phrases) == (
        (Term("shadow", key="shadov", prefix=True), Term("fleet", key="flet", prefix=True)),
        (),
    )


@pytest.mark.parametrize("text", ['"', "*", "-", "()", "  ", "'", '""', "&&", "\x00"])
def test_parse_query_nothing_searchable_is_empty(text):
    assert not parse_query(text)


def test_parse_query_operators_and_sql_become_words():
    query = parse_query("NEAR( x OR y'; DROP TABLE entries; --")

    assert [term.token for term in query.terms] == ["near", "x", "y", "drop", "table", "entries"]


def test_parse_query_long_input_is_bounded():
    query = parse_query(" ".join(f"word{n}" for n in range(2000)))

    assert len(query.terms) == MAX_TERMS
    assert len(parse_query("x" * 5000).terms[0].token) == 60


def test_query_found_in_needs_every_term_and_phrase():
    query = parse_query('sanc "black sea"')

    assert query.found_in(["sanctions", "in", "the", "black", "sea"])
    assert not query.found_in(["sanctions", "sea", "black"])
    assert parse_query("Ohryzko").found_in(["ogryzko"], keys={"ohrizko"})
