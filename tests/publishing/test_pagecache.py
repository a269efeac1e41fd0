"""Feeds behind the production WSGI page cache."""

import io

import pytest

from flames.episodes.models import Episode
from flames.web.pagecache import PageCache
from flames.wsgi import django_application
from tests.factories import make_panel

pytestmark = pytest.mark.django_db(transaction=True)


class Counting:
    def __init__(self, app):
        self.app, self.calls = app, 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


def get(app, path, **headers):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def cached(series):
    make_panel(series)
    django = Counting(django_application)
    return django, PageCache(django, max_entries=100, seconds=300, check_interval=0)


@pytest.mark.parametrize(
    "path", ["/en/feeds/episodes.rss", "/en/feeds/podcast.rss", "/en/feeds/calendar.ics"]
)
def test_feed_repeat_request_served_from_page_cache_with_validators(cached, path):
    django, app = cached

    first = get(app, path)
    second = get(app, path)

    assert django.calls == 1
    assert second == first
    assert first[0] == "200 OK"
    assert first[1]["ETag"] and first[1]["Last-Modified"]


def test_feed_not_modified_answer_is_not_cached(cached):
    django, app = cached
    etag = get(app, "/en/feeds/episodes.rss")[1]["ETag"]
    app.entries.clear()

    status, _headers, body = get(app, "/en/feeds/episodes.rss", HTTP_IF_NONE_MATCH=etag)
    again = get(app, "/en/feeds/episodes.rss")

    assert (status, body) == ("304 Not Modified", b"")
    assert again[0] == "200 OK" and b"<rss" in again[2]


def test_feed_edit_empties_cached_feed(cached):
    django, app = cached
    get(app, "/en/feeds/episodes.rss")
    episode = Episode.objects.get(number=7)
    episode.title = "Renamed"
    episode.save()

    assert b"#7 Renamed" in get(app, "/en/feeds/episodes.rss")[2]
    assert django.calls == 2
