"""The WSGI page cache, driven through real WSGI calls of the production application."""

import io

import pytest

from flames.episodes.models import Episode
from flames.pagecache import PageCache
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


def request(app, path, *, method="GET", cookie=None, if_none_match=None):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
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

    assert [key[2] for key in app.entries] == ["/en/episodes/b/", "/en/episodes/c/"]


def test_conditional_request_on_cached_feed_gets_304(cached):
    django, app = cached
    factories.episode("Talk", slug="talk", air_time=factories.kyiv(2024, 1, 1))
    first = request(app, "/en/feeds/episodes.rss")
    etag = first[1]["ETag"]

    status, headers, body = request(app, "/en/feeds/episodes.rss", if_none_match=etag)

    assert (status, body, django.calls) == ("304 Not Modified", b"", 1)
    assert headers["ETag"] == etag
    assert "Content-Type" not in headers
