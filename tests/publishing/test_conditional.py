"""Cheap polling: ETag and Last-Modified on every feed, 304 when nothing changed."""

import pytest
from django.utils.http import http_date, parse_http_date

from flames.episodes import services
from flames.episodes.models import Episode
from tests import factories
from tests.factories import make_episode

pytestmark = pytest.mark.django_db

FEEDS = [
    "/en/feeds/episodes.rss",
    "/en/feeds/episodes.atom",
    "/uk/feeds/episodes.rss",
    "/en/feeds/topics/nato.rss",
    "/en/feeds/topics/nato.atom",
    "/en/feeds/people/valeriy-chaly.rss",
    "/en/feeds/people/valeriy-chaly.atom",
    "/en/feeds/podcast.rss",
    "/en/feeds/calendar.ics",
    "/en/episodes/episode-7/calendar.ics",
    "/sitemap.xml",
    "/sitemap-episodes-en.xml",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_has_validators_and_is_shareable(client, panel, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 26
    assert parse_http_date(response["Last-Modified"]) > 0
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_not_modified_when_etag_matches(client, panel, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_not_modified_when_unchanged_since(client, panel, url):
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 304


def test_feed_not_modified_costs_two_queries(client, panel, django_assert_num_queries):
    etag = client.get("/en/feeds/episodes.rss")["ETag"]

    # The content version and the latest air time that has come.
    with django_assert_num_queries(2):
        response = client.get("/en/feeds/episodes.rss", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_feed_etag_differs_by_language_and_format(client, panel):
    etags = {client.get(url)["ETag"] for url in FEEDS[:3]}

    assert len(etags) == 3


# Edits must commit for the content version to move: these tests use real transactions.


@pytest.mark.django_db(transaction=True)
def test_feed_modified_after_editor_saves(client, panel):
    first = client.get("/en/feeds/episodes.rss")
    panel.title = "Renamed"
    panel.save()

    response = client.get(
        "/en/feeds/episodes.rss",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert b"#7 Renamed" in response.content


@pytest.mark.django_db(transaction=True)
def test_feed_modified_after_bulk_publish(client, series, panel):
    """The admin's publish action updates rows in bulk, without touching updated_at."""
    waiting = make_episode(series, 8, status=Episode.Status.SCHEDULED)
    first = client.get("/en/feeds/episodes.rss")
    services.set_status(
        episodes=Episode.objects.filter(pk=waiting.pk), status=Episode.Status.PUBLISHED
    )

    by_etag = client.get("/en/feeds/episodes.rss", HTTP_IF_NONE_MATCH=first["ETag"])

    assert by_etag.status_code == 200
    assert b"#8 Panel 8" in by_etag.content


@pytest.mark.django_db(transaction=True)
def test_feed_last_modified_never_goes_back(client, panel):
    first = parse_http_date(client.get("/en/feeds/episodes.rss")["Last-Modified"])
    factories.person("Someone New")

    second = parse_http_date(client.get("/en/feeds/episodes.rss")["Last-Modified"])

    assert second >= first


def test_feed_modified_since_earlier_is_sent_in_full(client, panel):
    last_modified = parse_http_date(client.get("/en/feeds/episodes.rss")["Last-Modified"])

    response = client.get(
        "/en/feeds/episodes.rss", HTTP_IF_MODIFIED_SINCE=http_date(last_modified - 1)
    )

    assert response.status_code == 200
