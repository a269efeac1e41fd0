"""Feeds, calendars, sitemaps and structured data treat an episode published ahead of its
air time as upcoming until it airs: no future pubDate, no future lastBuildDate."""

import types
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from flames.episodes.models import Episode
from flames.web import pagecache
from flames.web.pagecache import PageCache
from flames.wsgi import django_application
from tests.factories import make_episode
from tests.publishing.helpers import NS, json_ld, parse_feed, parse_xml, value
from tests.publishing.test_pagecache import Counting, get

# When the aired episode (#7, 8 January 2024) was last edited.
EDITED = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)


def published_ahead(series, *, hours: float = 24 * 30):
    air_time = timezone.now().replace(microsecond=0) + timedelta(hours=hours)
    return make_episode(
        series,
        600,
        title="Live from Vilnius",
        air_time=air_time,
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_url="https://media.example.org/600.mp3",
        media_size=1000,
    )


@pytest.fixture
def ahead(series, panel):
    Episode.objects.filter(pk=panel.pk).update(updated_at=EDITED)
    return published_ahead(series)


def after(episode, monkeypatch):
    """Let the clock pass the episode's air time by a minute."""
    later = episode.air_time + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/feeds/episodes.rss", "/en/feeds/episodes.atom", "/en/feeds/podcast.rss"]
)
def test_feed_leaves_out_published_ahead_until_it_airs(client, ahead, url, monkeypatch):
    feed = parse_feed(client.get(url))

    assert [entry.title for entry in feed.entries] == ["#7 Sanctions & security: what “next” means"]
    assert tuple(feed.feed.updated_parsed)[:6] == (2024, 1, 10, 12, 0, 0)

    after(ahead, monkeypatch)
    feed = parse_feed(client.get(url))

    assert [entry.title for entry in feed.entries][0] == "#600 Live from Vilnius"
    assert tuple(feed.entries[0].published_parsed) == ahead.air_time.utctimetuple()


@pytest.mark.django_db
def test_feed_validators_change_when_published_ahead_airs(client, ahead, monkeypatch):
    url = "/en/feeds/episodes.rss"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    after(ahead, monkeypatch)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response["Last-Modified"] == format_datetime(ahead.air_time.astimezone(UTC), True)
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=format_datetime(ahead.air_time, True))
    assert since.status_code == 304


@pytest.mark.django_db
def test_calendar_lists_published_ahead_as_an_event(client, ahead):
    calendar = Calendar.from_ical(client.get("/en/feeds/calendar.ics").content)

    [event] = calendar.walk("VEVENT")
    assert (str(event["SUMMARY"]), str(event["STATUS"])) == ("#600 Live from Vilnius", "CONFIRMED")


@pytest.mark.django_db
def test_structured_data_published_ahead_is_a_live_broadcast_not_published(client, ahead):
    [[episode]] = json_ld(client.get("/en/episodes/episode-600/"))

    assert "http://schema.org/datePublished" not in episode
    broadcast = value(value(episode, "video"), "publication")
    assert value(broadcast, "isLiveBroadcast") is True
    assert value(broadcast, "startDate") == timezone.localtime(ahead.air_time).isoformat()


@pytest.mark.django_db
def test_home_structured_data_lists_aired_episodes_only(client, ahead):
    [[series]] = json_ld(client.get("/en/"))

    assert value(value(series, "hasPart"), "name") == "Sanctions & security: what “next” means"


@pytest.mark.django_db
def test_sitemap_marks_published_ahead_live_until_it_airs(client, ahead, monkeypatch):
    def live():
        root = parse_xml(client.get("/sitemap-episodes-en.xml"))
        return {
            url.findtext("sm:loc", namespaces=NS): url.findtext(
                "video:video/video:live", namespaces=NS
            )
            for url in root.iterfind("sm:url", NS)
        }

    assert live()["http://testserver/en/episodes/episode-600/"] == "yes"
    after(ahead, monkeypatch)
    assert live()["http://testserver/en/episodes/episode-600/"] is None


@pytest.mark.django_db(transaction=True)
def test_page_cache_shows_published_ahead_once_it_airs_and_entries_expire(series, monkeypatch):
    published_ahead(series, hours=1)
    django = Counting(django_application)
    app = PageCache(django, max_entries=100, seconds=300, check_interval=0)
    assert b"Live from Vilnius" not in get(app, "/en/feeds/episodes.rss")[2]

    episode = Episode.objects.get(number=600)
    after(episode, monkeypatch)
    expired = pagecache.time.monotonic() + 301
    monkeypatch.setattr(pagecache, "time", types.SimpleNamespace(monotonic=lambda: expired))

    assert b"#600 Live from Vilnius" in get(app, "/en/feeds/episodes.rss")[2]
    assert django.calls == 2
