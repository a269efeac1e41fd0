"""Identical searches within a minute are answered from Django's cache, until the
content changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flames.search.selectors import SearchFilters, search
from tests import factories

URL = "/en/search/"


def index_queries(client, **params) -> list[str]:
    """The queries of a results page that read the search index."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return [query["sql"] for query in captured if "search_searchentry" in query["sql"]]


def test_an_identical_search_does_not_search_again(client, archive):
    assert index_queries(client, q="sanctions", topic="sanctions")

    assert index_queries(client, q="sanctions", topic="sanctions") == []


def test_a_different_page_filter_or_language_searches(client, archive):
    index_queries(client, q="sanctions")

    assert index_queries(client, q="sanctions", page="2")
    assert index_queries(client, q="sanctions", topic="culture")
    assert index_queries(client, q="klimkin")
    with CaptureQueriesContext(connection) as captured:
        client.get("/uk/search/", {"q": "sanctions"})
    assert any("search_searchentry" in query["sql"] for query in captured)


def test_a_cached_search_costs_one_query(archive, django_assert_num_queries):
    first = search(text="sanctions", filters=SearchFilters(), page_number=1)

    with django_assert_num_queries(1):  # the content version
        again = search(text="sanctions", filters=SearchFilters(), page_number=1)

    assert [(r.url, r.snippet) for r in again.results] == [
        (r.url, r.snippet) for r in first.results
    ]
    assert (again.total, again.capped, again.query) == (first.total, first.capped, first.query)


@pytest.mark.parametrize("page", [None, "2", "x"])
def test_an_edit_shows_in_the_next_search_at_once(client, archive, committed, page):
    params = {"q": "wheat"} if page is None else {"q": "wheat", "page": page}
    assert "/en/episodes/wheat-harvest/" not in client.get(URL, params).content.decode()

    with committed():
        factories.episode("Wheat harvest", slug="wheat-harvest", summary="Wheat.")

    assert "/en/episodes/wheat-harvest/" in client.get(URL, params).content.decode()
