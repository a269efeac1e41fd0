"""The results page and the search box in every page's header."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.factories import transcript
from tests.search.conftest import found
from tests.search.test_search import HOSTILE

URL = "/en/search/"


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def result_links(response) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', response.content.decode())


def test_header_has_a_labelled_search_form_on_every_page(client, archive):
    html = client.get("/uk/episodes/").content.decode()

    assert '<form class="site-search" role="search" method="get" action="/uk/search/">' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html
    assert '<input id="site-search-q" type="search" name="q" required>' in html


def test_results_page_lists_hits_with_links_and_marks(client, archive):
    response = results(client, q="fleet")
    html = response.content.decode()

    assert result_links(response) == ["/en/episodes/sanctions-that-bite/#cue-en-3"]
    assert '<p class="count" role="status">1 result</p>' in html
    assert '<span class="kind">Transcript</span> · <span class="timestamp">0:40</span>' in html
    assert "shadow <mark>fleet</mark>." in html
    assert response["Cache-Control"] == "public, max-age=60"
    assert '<meta name="robots" content="noindex">' in html


def test_results_page_in_ukrainian_links_ukrainian_pages(client, archive):
    response = client.get("/uk/search/", {"q": "Клімкін"})

    assert result_links(response) == [
        f"/uk/people/{archive.klimkin.slug}/",
        "/uk/episodes/sanctions-that-bite/",
        "/uk/episodes/sanctions-that-bite/#cue-en-3",
    ]


def test_results_page_filters_from_parameters(client, archive):
    response = results(client, q="Ogryzko", year="2024", language="uk", topic="", person="")

    assert result_links(response) == ["/en/episodes/food/"]
    assert '<option value="2024" selected>2024</option>' in response.content.decode()


def test_results_page_person_filter_can_be_removed(client, archive):
    response = results(client, q="fleet", person=archive.klimkin.slug)
    html = response.content.decode()

    assert "Only results with Pavlo Klimkin." in html
    assert '<a href="?q=fleet">Show everyone</a>' in html
    assert result_links(response) == ["/en/episodes/sanctions-that-bite/#cue-en-3"]


def test_results_page_unknown_filter_values_are_ignored(client, archive):
    response = results(client, q="fleet", topic="nope", year="abc", person="nobody", language="xx")

    assert result_links(response) == ["/en/episodes/sanctions-that-bite/#cue-en-3"]


def test_results_page_no_results_says_so(client, archive):
    html = results(client, q="zebra").content.decode()

    assert "No results for “zebra”." in html
    assert "Try fewer words, or another spelling." in html


def test_results_page_nothing_searchable_says_so(client, archive):
    html = results(client, q='"*"').content.decode()

    assert "No results: type a word or a name to search for." in html


def test_results_page_without_query_shows_the_form(client, archive):
    html = results(client).content.decode()

    assert '<input id="search-q" type="search" name="q" value="" maxlength="300">' in html
    assert 'role="status"' not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_results_page_hostile_query_is_never_an_error(client, archive, text):
    response = client.get(URL, {"q": text, "page": "-1"})

    # No address holds a NUL: it is refused before the search (tests/test_hostile_input.py).
    assert response.status_code == (400 if "\x00" in text else 200)


def test_results_page_bad_page_numbers_show_a_page(client, archive):
    assert result_links(results(client, q="fleet", page="999")) == [
        "/en/episodes/sanctions-that-bite/#cue-en-3"
    ]
    assert result_links(results(client, q="fleet", page="x")) == [
        "/en/episodes/sanctions-that-bite/#cue-en-3"
    ]


def test_results_page_query_count_is_constant(client, archive, committed):
    with committed():
        for n in range(30):
            episode = factories.episode(f"Wheat {n}", slug=f"wheat-{n}", summary="Wheat.")
            transcript(episode, (0, 5, "Someone", f"Wheat talk {n}."))

    def queries(**params):
        with CaptureQueriesContext(connection) as captured:
            results(client, **params)
        return len(captured)

    assert len(found("wheat")) == 20
    assert queries(q="wheat") == queries(q="fleet") == queries(q="Klimkin")
    assert queries(q="wheat", person=archive.klimkin.slug, topic="culture") == queries(
        q="fleet", person=archive.klimkin.slug, topic="culture"
    )
