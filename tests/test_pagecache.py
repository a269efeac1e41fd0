"""The WSGI page cache, driven through real WSGI calls of the production application."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler

from flames.episodes.models import Episode
from flames.web.pagecache import PageCache
from flames.wsgi import django_application
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    def __init__(self, app):
        self.app = app
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


def request(app, path, *, method="GET", cookie=None, if_none_match=None, query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **headers,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if if_none_match:
        environ["HTTP_IF_NONE_MATCH"] = if_none_match
    status = {}

    def start_response(line, headers, exc_info=None):
        status["line"], status["headers"] = line, dict(headers)

    body = b"".join(app(environ, start_response))
    return status["line"], status["headers"], body


@pytest.fixture
def cached():
    django = Recorder(django_application)
    return django, PageCache(django, max_entries=100, seconds=300, check_interval=0)


def test_repeat_request_is_served_without_django(cached):
    django, app = cached
    factories.episode("Cached talk", slug="cached")

    first = request(app, "/en/episodes/cached/")
    second = request(app, "/en/episodes/cached/")

    assert django.calls == 1
    assert first == second
    assert first[0] == "200 OK"
    assert b"Cached talk" in second[2]


def test_edit_invalidates_cached_page(cached):
    django, app = cached
    episode = factories.episode("Before", slug="edited")
    request(app, "/en/episodes/edited/")

    episode.title = "After"
    episode.save()
    body = request(app, "/en/episodes/edited/")[2]

    assert django.calls == 2
    assert b"After" in body


def test_bulk_status_change_invalidates_cached_page(cached):
    from flames.episodes import services

    django, app = cached
    factories.episode("Going away", slug="away")
    assert request(app, "/en/episodes/away/")[0] == "200 OK"

    services.set_status(episodes=Episode.objects.filter(slug="away"), status="draft")

    assert request(app, "/en/episodes/away/")[0] == "404 Not Found"


def test_new_position_invalidates_cached_person_page(cached):
    from flames.people.services import add_position

    django, app = cached
    person = factories.person("Baiba Braže", slug="braze")
    factories.episode("Panel", slug="panel", speakers=[person])
    assert b"Ambassador to Portugal" not in request(app, "/en/people/braze/")[2]

    add_position(
        person=person,
        title="Ambassador to Portugal",
        organization=None,
        start_year=2023,
        end_year=None,
    )

    assert b"Ambassador to Portugal" in request(app, "/en/people/braze/")[2]
    assert django.calls == 2


def test_requests_with_cookies_bypass_cache(cached):
    django, app = cached
    factories.episode("Talk", slug="talk")

    request(app, "/en/episodes/talk/", cookie="sessionid=abc")
    request(app, "/en/episodes/talk/", cookie="sessionid=abc")

    assert django.calls == 2
    assert app.entries == {}


def test_not_found_and_redirects_are_not_cached(cached):
    django, app = cached
    factories.series()

    assert request(app, "/en/missing/")[0] == "404 Not Found"
    assert request(app, "/en/missing/")[0] == "404 Not Found"
    assert request(app, "/")[0] == "302 Found"
    assert request(app, "/")[0] == "302 Found"

    assert django.calls == 4


def test_head_request_gets_headers_without_body(cached):
    django, app = cached
    factories.episode("Talk", slug="talk")
    request(app, "/en/episodes/talk/")

    status, headers, body = request(app, "/en/episodes/talk/", method="HEAD")

    assert (status, body, django.calls) == ("200 OK", b"", 1)
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_cache_keeps_at_most_max_entries(db):
    app = PageCache(django_application, max_entries=2, seconds=300, check_interval=0)
    for slug in ("a", "b", "c"):
        factories.episode(slug, slug=slug)
    for slug in ("a", "b", "c"):
        request(app, f"/en/episodes/{slug}/")

    assert [key[3] for key in app.entries] == ["/en/episodes/b/", "/en/episodes/c/"]


def test_conditional_request_on_cached_feed_gets_304(cached):
    django, app = cached
    factories.episode("Talk", slug="talk", air_time=factories.kyiv(2024, 1, 1))
    first = request(app, "/en/feeds/episodes.rss")
    etag = first[1]["ETag"]

    status, headers, body = request(app, "/en/feeds/episodes.rss", if_none_match=etag)

    assert (status, body, django.calls) == ("304 Not Modified", b"", 1)
    assert headers["ETag"] == etag
    assert "Content-Type" not in headers


@pytest.fixture
def behind_https_proxy(settings):
    """FLAMES_HTTPS=1: the proxy says the scheme in X-Forwarded-Proto."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    factories.episode("Talk", slug="talk", air_time=factories.kyiv(2024, 1, 1))

    def app():
        # The security middleware reads its settings when loaded: a handler of its own.
        django = Recorder(WSGIHandler())
        return django, PageCache(django, max_entries=100, seconds=300, check_interval=0)

    return app


def test_page_cached_for_https_readers_is_not_served_to_plain_http(behind_https_proxy):
    _django, app = behind_https_proxy()
    assert request(app, "/en/episodes/talk/", HTTP_X_FORWARDED_PROTO="https")[0] == "200 OK"

    status, headers, _body = request(app, "/en/episodes/talk/")

    assert status == "301 Moved Permanently"
    assert headers["Location"] == "https://localhost/en/episodes/talk/"


def test_page_cached_for_plain_http_is_not_served_to_https_readers(behind_https_proxy, settings):
    settings.SECURE_SSL_REDIRECT = False
    django, app = behind_https_proxy()
    request(app, "/en/episodes/talk/")
    request(app, "/en/feeds/episodes.atom")

    status, headers, body = request(app, "/en/episodes/talk/", HTTP_X_FORWARDED_PROTO="https")
    feed = request(app, "/en/feeds/episodes.atom", HTTP_X_FORWARDED_PROTO="https")[2]

    assert status == "200 OK"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert b'<meta property="og:url" content="https://localhost/en/episodes/talk/">' in body
    assert b"<id>https://localhost/en/</id>" in feed
    assert django.calls == 4


def test_page_cache_keys_on_the_host_django_accepts(cached, settings):
    django, app = cached
    factories.episode("Talk", slug="talk")
    request(app, "/en/episodes/talk/")

    status, _headers, _body = request(app, "/en/episodes/talk/", HTTP_HOST="evil.example")

    assert status == "400 Bad Request"
    assert django.calls == 2


def test_unknown_query_parameters_are_served_the_cached_page(cached):
    django, app = cached
    factories.episode("Talk", slug="talk")

    plain = request(app, "/en/")
    first = request(app, "/en/", query="x=1")
    second = request(app, "/en/", query="x=2&utm_source=spam")

    assert django.calls == 1
    assert first == second == plain


def test_declared_parameters_share_one_entry_in_any_order(cached):
    django, app = cached
    for number in range(1, 30):
        factories.episode(
            f"Talk {number}", slug=f"talk-{number}", air_time=factories.kyiv(2024, 1, number)
        )

    first = request(app, "/en/episodes/", query="page=2&year=2024")
    second = request(app, "/en/episodes/", query="year=2024&x=1&page=2")
    other = request(app, "/en/episodes/", query="year=2024")

    assert django.calls == 2
    assert first == second
    assert first[2] != other[2]
    assert b"Page 2 of 2" in first[2]


def test_the_page_sees_only_its_declared_parameters(cached):
    django, app = cached
    for number in range(1, 30):
        factories.episode(
            f"Talk {number}", slug=f"talk-{number}", air_time=factories.kyiv(2024, 1, number)
        )

    body = request(app, "/en/episodes/", query="page=2&evil=%3Cscript%3E&year=2024")[2]

    # Links built from the request (pagination, language switcher) carry no stray parameter.
    assert b"evil" not in body
    assert b'href="?page=1&amp;year=2024"' in body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # No address of the site holds a control character (flames.guard.request_guard).
        ("%00", "400 Bad Request"),
        ("%00" * 2000, "400 Bad Request"),
        ("B%00", "400 Bad Request"),
        ("%ff%fe", "200 OK"),
    ],
)
def test_hostile_values_of_declared_parameters_are_answered(cached, value, expected):
    django, app = cached
    factories.episode("Talk", slug="talk")

    status = request(app, "/en/people/", query=f"letter={value}")[0]

    assert status == expected


def test_distinct_values_of_a_declared_parameter_stay_within_max_entries(db):
    app = PageCache(django_application, max_entries=3, seconds=300, check_interval=0)
    factories.episode("Talk", slug="talk")

    for number in range(10):
        request(app, "/en/people/", query=f"letter={number}")

    assert len(app.entries) == 3


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-episodes-en.xml", "/robots.txt"])
def test_sitemaps_are_served_from_the_cache(cached, path):
    django, app = cached
    factories.episode("Talk", slug="talk", air_time=factories.kyiv(2024, 1, 1))

    first = request(app, path)
    second = request(app, path, query="x=2")

    assert first[0] == "200 OK"
    assert second == first
    assert django.calls == 1


def test_too_many_parameters_are_refused_by_django(cached):
    django, app = cached
    factories.episode("Talk", slug="talk")
    crowded = "&".join(f"x{number}=1" for number in range(1001))

    assert request(app, "/en/people/", query=crowded)[0] == "400 Bad Request"
    assert request(app, "/en/", query=crowded)[0] == "200 OK"
