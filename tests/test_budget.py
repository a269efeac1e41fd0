"""Expensive public requests (searches, filtered lists, feeds with parameters) have a
budget per client: over it, a 429 page in the site's design with Retry-After."""

import logging

import pytest

from flames.export.rendering import STATIC_EXPORT_KEY

pytestmark = pytest.mark.django_db

SEARCH = "/en/search/"


@pytest.fixture
def budget(settings, demo):
    """Three expensive requests per client, in a window long enough that a test never
    sees it end."""
    settings.BUDGET_REQUESTS = 3
    settings.BUDGET_SECONDS = 10**9
    return settings


def statuses(client, url, times, **headers):
    return [client.get(url, **headers).status_code for _ in range(times)]


def test_searches_over_the_budget_get_a_429_page(client, budget):
    assert statuses(client, SEARCH + "?q=klimkin", 3) == [200, 200, 200]

    response = client.get(SEARCH, {"q": "sanctions"})

    html = response.content.decode()
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= budget.BUDGET_SECONDS
    assert '<header class="site-header">' in html
    assert "<h1>Too many requests</h1>" in html
    assert "You have asked for many searches or filtered lists in a short time." in html
    assert response["Content-Security-Policy"] == budget.CONTENT_SECURITY_POLICY


def test_the_429_page_speaks_the_readers_language(client, budget):
    statuses(client, "/uk/search/?q=klimkin", 3)

    response = client.get("/uk/search/", {"q": "klimkin"})

    assert response.status_code == 429
    assert "<h1>Забагато запитів</h1>" in response.content.decode()


def test_retry_after_is_the_rest_of_the_window(client, budget):
    budget.BUDGET_SECONDS = 10
    statuses(client, SEARCH + "?q=a", 3)

    response = client.get(SEARCH + "?q=a")

    # Unless the window ended between the requests, which the budget then allows.
    if response.status_code == 429:
        assert 1 <= int(response["Retry-After"]) <= 10


def test_filtered_lists_and_feeds_with_parameters_share_the_budget(client, budget):
    assert statuses(client, "/en/episodes/?topic=sanctions", 1) == [200]
    assert statuses(client, "/en/people/?letter=K", 1) == [200]
    assert statuses(client, "/en/feeds/episodes.rss?page=2", 1) == [200]

    assert client.get("/en/episodes/?year=2022").status_code == 429


def test_pages_without_parameters_cost_nothing(client, budget):
    assert set(statuses(client, "/en/", 10)) == {200}
    assert set(statuses(client, "/en/episodes/", 10)) == {200}

    assert statuses(client, SEARCH + "?q=klimkin", 3) == [200, 200, 200]


def test_each_client_has_its_own_budget(client, budget):
    statuses(client, SEARCH + "?q=x", 4, REMOTE_ADDR="203.0.113.9")

    assert statuses(client, SEARCH + "?q=x", 3, REMOTE_ADDR="198.51.100.7") == [200] * 3


def test_a_forged_forwarded_for_does_not_make_a_new_client(client, budget):
    codes = [
        client.get(SEARCH + "?q=x", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]

    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_a_budget(client, budget):
    budget.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    statuses(client, SEARCH + "?q=x", 4, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert (
        statuses(client, SEARCH + "?q=x", 3, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        == [200] * 3
    )
    # What the client wrote before the proxy's entry changes nothing.
    assert statuses(
        client, SEARCH + "?q=x", 1, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", **proxy
    ) == [429]


def test_an_ipv6_client_is_counted_by_its_64_network(client, budget):
    for n in range(3):
        client.get(SEARCH + "?q=x", REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")

    assert client.get(SEARCH + "?q=x", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert client.get(SEARCH + "?q=x", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_the_back_office_has_no_budget(admin_client, budget):
    url = "/admin/people/person/?q=klimkin"

    assert set(statuses(admin_client, url, 5)) == {200}


def test_the_static_export_has_no_budget(client, budget):
    # The exporter renders every page through the middleware, from one address.
    url = "/en/episodes/?page=1"

    assert set(statuses(client, url, 5, **{STATIC_EXPORT_KEY: "1"})) == {200}


def test_going_over_the_budget_is_logged_once_per_window(client, budget, caplog):
    statuses(client, SEARCH + "?q=x", 10, REMOTE_ADDR="203.0.113.9")

    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert lines[0].startswith(
        "Client 203.0.113.9 is over its budget of 3 requests in 1000000000 s: refused for "
    )


def test_a_budget_of_zero_turns_it_off(client, budget):
    budget.BUDGET_REQUESTS = 0

    assert set(statuses(client, SEARCH + "?q=x", 5)) == {200}
