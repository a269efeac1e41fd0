"""Expensive public requests (searches, filtered lists, feeds with parameters) have a
budget per client: over it, a 429 page in the site's design with Retry-After, answered
before Django runs. Driven through the production WSGI layers."""

import logging

import pytest

from flames.wsgi import django_application, layered
from tests.test_pagecache import Recorder, request

# Transactional: Django closes the connection after each request it answers, which would
# end a test's own transaction on PostgreSQL (tests/test_pagecache.py does the same).
pytestmark = pytest.mark.django_db(transaction=True)

SEARCH = "/en/search/"


@pytest.fixture
def budget(settings, demo):
    """Three expensive requests per client, in a window long enough that a test never
    sees it end."""
    settings.BUDGET_REQUESTS = 3
    settings.BUDGET_SECONDS = 10**9
    settings.BUDGET_BURST = 3
    return settings


@pytest.fixture
def django():
    return Recorder(django_application)


@pytest.fixture
def site(django):
    """A fresh stack of the production layers, with its own page cache."""
    return layered(django)


def get(site, url, **environ):
    path, _, query = url.partition("?")
    return request(site, path, query=query, **environ)


def statuses(site, urls, **environ):
    return [int(get(site, url, **environ)[0][:3]) for url in urls]


def searches(count, start=0):
    """Distinct searches: a repeated one is the page cache's, and costs nothing."""
    return [f"{SEARCH}?q=word{n}" for n in range(start, start + count)]


def test_searches_over_the_budget_get_a_429_page_without_django(site, django, budget):
    assert statuses(site, searches(3)) == [200, 200, 200]
    calls = django.calls

    status, headers, body = get(site, SEARCH + "?q=sanctions")

    html = body.decode()
    assert status == "429 Too Many Requests"
    assert django.calls == calls
    assert 1 <= int(headers["Retry-After"]) <= budget.BUDGET_SECONDS
    assert '<header class="site-header">' in html
    assert "<h1>Too many requests</h1>" in html
    assert "You have asked for many searches or filtered lists in a short time." in html
    assert headers["Content-Security-Policy"] == budget.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Language"] == "en"
    assert "no-store" in headers["Cache-Control"]


def test_the_429_page_speaks_the_readers_language(site, budget):
    statuses(site, [f"/uk/search/?q=word{n}" for n in range(3)])

    status, headers, body = get(site, "/uk/search/?q=klimkin")

    assert status.startswith("429")
    assert headers["Content-Language"] == "uk"
    assert "<h1>Забагато запитів</h1>" in body.decode()


def test_the_429_page_says_the_wait_it_sends(site, budget):
    budget.BUDGET_SECONDS = 10
    statuses(site, searches(3))

    status, headers, body = get(site, SEARCH + "?q=more")

    # Unless the window ended between the requests, which the budget then allows.
    if status.startswith("429"):
        wait = int(headers["Retry-After"])
        assert 1 <= wait <= 10
        second = "second" if wait == 1 else "seconds"
        assert f"Please wait {wait} {second} and try again." in body.decode()


def test_over_https_the_429_page_carries_hsts(site, budget):
    budget.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    budget.SECURE_HSTS_SECONDS = 3600
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    statuses(site, searches(3), **https)

    plain = get(site, SEARCH + "?q=plain")
    secure = get(site, SEARCH + "?q=secure", **https)

    assert plain[0].startswith("429") and secure[0].startswith("429")
    assert "Strict-Transport-Security" not in plain[1]
    assert secure[1]["Strict-Transport-Security"] == "max-age=3600"


def test_filtered_lists_and_sitemap_pages_share_the_budget(site, budget):
    urls = ["/en/episodes/?topic=sanctions", "/en/people/?letter=K", "/sitemap-episodes-en.xml?p=1"]
    assert statuses(site, urls) == [200, 200, 200]

    assert statuses(site, ["/en/episodes/?year=2022"]) == [429]


def test_pages_without_parameters_cost_nothing(site, budget):
    assert set(statuses(site, ["/en/", "/en/episodes/"] * 5)) == {200}

    assert statuses(site, searches(3)) == [200, 200, 200]


def test_parameters_no_page_reads_cost_nothing(site, budget):
    urls = [f"/en/?utm_source=n{n}" for n in range(5)]
    urls += [f"/en/feeds/episodes.rss?page={n}" for n in range(5)]  # feeds have no pages
    assert set(statuses(site, urls)) == {200}

    assert statuses(site, searches(3)) == [200, 200, 200]


def test_a_page_in_the_cache_costs_nothing(site, budget):
    assert statuses(site, [SEARCH + "?q=klimkin"] * 10) == [200] * 10

    assert statuses(site, searches(2)) == [200, 200]
    assert statuses(site, searches(1, start=2)) == [429]


def test_each_client_has_its_own_budget(site, budget):
    statuses(site, searches(4), REMOTE_ADDR="203.0.113.9")

    assert statuses(site, searches(3, start=4), REMOTE_ADDR="198.51.100.7") == [200] * 3


def test_a_forged_forwarded_for_does_not_make_a_new_client(site, budget):
    codes = [
        statuses(site, [url], HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")[0]
        for n, url in enumerate(searches(5))
    ]

    assert codes == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_a_budget(site, budget):
    budget.TRUSTED_PROXIES = ["10.0.0.1"]
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    statuses(site, searches(4), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)

    assert (
        statuses(site, searches(3, start=4), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        == [200] * 3
    )
    # What the client wrote before the proxy's entry changes nothing.
    assert statuses(
        site, searches(1, start=7), HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9", **proxy
    ) == [429]


def test_an_ipv6_client_is_counted_by_its_64_network(site, budget):
    for n, url in enumerate(searches(3)):
        get(site, url, REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")

    assert statuses(site, searches(1, start=3), REMOTE_ADDR="2001:db8:1:2::99") == [429]
    assert statuses(site, searches(1, start=4), REMOTE_ADDR="2001:db8:1:3::1") == [200]


def test_the_back_office_has_no_budget(site, budget, admin_user):
    from django.test import Client

    client = Client()
    client.force_login(admin_user)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    urls = [f"/admin/people/person/?q=name{n}" for n in range(5)]

    assert statuses(site, urls, HTTP_COOKIE=cookie) == [200] * 5


def test_the_static_export_has_no_budget(budget, later_episode, tmp_path, monkeypatch):
    # The exporter renders every page from one process, behind none of the WSGI layers.
    from flames.episodes import selectors as episode_selectors
    from flames.export.services import export_site

    budget.BUDGET_REQUESTS = 1
    monkeypatch.setattr(episode_selectors, "EPISODES_PER_PAGE", 1)

    export_site(directory=tmp_path / "mirror", workers=1, search=False)

    for language in ("en", "uk"):
        assert (tmp_path / "mirror" / language / "episodes/page/2/index.html").is_file()


class Clock:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def paced(budget, monkeypatch):
    """Ten requests in a ten-second window starting at the clock's zero, two at once."""
    budget.BUDGET_REQUESTS, budget.BUDGET_SECONDS, budget.BUDGET_BURST = 10, 10, 2
    clock = Clock(1_000_000_000.0)
    monkeypatch.setattr("flames.guard.throttling.time", clock)
    return clock


def test_after_its_burst_a_client_is_allowed_one_request_a_pace(site, paced):
    assert statuses(site, searches(2)) == [200, 200]
    status, headers, _body = get(site, SEARCH + "?q=third")
    assert (status[:3], headers["Retry-After"]) == ("429", "1")

    paced.now += 2.5  # the pace has allowed two more by now, the refused one counted
    assert statuses(site, searches(2, start=10)) == [200, 429]

    paced.now += 7.4  # 9.9 s into the window: what is left of the ten, then no more
    assert statuses(site, searches(6, start=20)) == [200] * 5 + [429]
    paced.now += 0.1  # a new window
    assert statuses(site, searches(3, start=30)) == [200, 200, 429]


def test_a_flood_spends_its_window_in_its_burst(site, paced):
    statuses(site, searches(50))

    paced.now += 9
    status, headers, _body = get(site, SEARCH + "?q=later")
    assert (status[:3], headers["Retry-After"]) == ("429", "1")


def test_going_over_the_budget_is_logged_once_per_window(site, budget, caplog):
    statuses(site, searches(10), REMOTE_ADDR="203.0.113.9")

    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert lines[0].startswith(
        "Client 203.0.113.9 is over its budget of 3 requests in 1000000000 s: refused for "
    )


def test_a_budget_of_zero_turns_it_off(site, budget):
    budget.BUDGET_REQUESTS = 0

    assert set(statuses(site, searches(5))) == {200}
