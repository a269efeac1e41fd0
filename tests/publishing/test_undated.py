"""An episode without an air time (imported from an announcement that gave none) is never
dated by the day it was imported: feeds give it no publication date and are not dated
by it, the calendar has no event for it, structured data claims no date."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from flames.episodes.models import Episode
from tests.factories import make_episode
from tests.publishing.helpers import NS, json_ld, parse_feed, parse_xml, value

pytestmark = pytest.mark.django_db

# When the dated episode (#7, aired 8 January 2024) was last edited.
EDITED = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
IMPORTED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def undated(series, panel):
    Episode.objects.filter(pk=panel.pk).update(updated_at=EDITED)
    episode = make_episode(
        series,
        594,
        air_time=None,
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_url="https://media.example.org/594.mp3",
        media_size=1000,
    )
    Episode.objects.filter(pk=episode.pk).update(created_at=IMPORTED, updated_at=IMPORTED)
    return episode


def stamp(parsed) -> tuple:
    return tuple(parsed)[:6]


@pytest.mark.parametrize("url", ["/en/feeds/episodes.rss", "/en/feeds/podcast.rss"])
def test_rss_undated_item_has_no_pubdate(client, undated, url):
    feed = parse_feed(client.get(url))

    assert [entry.title for entry in feed.entries] == [
        "#7 Sanctions & security: what “next” means",
        "#594 Panel 594",
    ]
    assert stamp(feed.entries[0].published_parsed) == (2024, 1, 8, 17, 0, 0)
    assert "published" not in feed.entries[1]


@pytest.mark.parametrize("url", ["/en/feeds/episodes.rss", "/en/feeds/podcast.rss"])
def test_rss_last_build_date_ignores_undated_items(client, undated, url):
    root = parse_xml(client.get(url))

    assert root.findtext("channel/lastBuildDate") == "Wed, 10 Jan 2024 12:00:00 +0000"


def test_atom_undated_entry_is_updated_when_last_edited_and_not_published(client, undated):
    feed = parse_feed(client.get("/en/feeds/episodes.atom"))

    dated, undated_entry = feed.entries
    assert stamp(dated.published_parsed) == (2024, 1, 8, 17, 0, 0)
    assert "published" not in undated_entry
    assert stamp(undated_entry.updated_parsed) == (2026, 11, 30, 9, 0, 0)
    # The feed is dated by its dated entries: the last edit of #7.
    assert stamp(feed.feed.updated_parsed) == (2024, 1, 10, 12, 0, 0)


def test_feed_of_undated_items_only_is_dated_by_their_last_edit(client, series):
    episode = make_episode(series, 594, air_time=None)
    Episode.objects.filter(pk=episode.pk).update(updated_at=IMPORTED)

    root = parse_xml(client.get("/en/feeds/episodes.rss"))

    assert root.findtext("channel/lastBuildDate") == "Mon, 30 Nov 2026 09:00:00 +0000"
    assert root.find("channel/item/pubDate") is None


def test_calendar_has_no_event_for_undated_episode(client, undated):
    Episode.objects.filter(pk=undated.pk).update(status=Episode.Status.SCHEDULED)

    calendar = Calendar.from_ical(client.get("/en/feeds/calendar.ics").content)

    assert calendar.walk("VEVENT") == []
    assert client.get("/en/episodes/episode-594/calendar.ics").status_code == 404
    assert "Add to calendar" not in client.get("/en/episodes/episode-594/").content.decode()


def test_structured_data_undated_episode_claims_no_date(client, undated):
    [[episode]] = json_ld(client.get("/en/episodes/episode-594/"))

    assert "http://schema.org/datePublished" not in episode
    video = value(episode, "video")
    assert value(video, "name") == "Panel 594"
    assert "http://schema.org/uploadDate" not in video


def test_sitemap_undated_video_has_no_publication_date(client, undated):
    root = parse_xml(client.get("/sitemap-episodes-en.xml"))

    dates = {
        url.findtext("sm:loc", namespaces=NS): url.findtext(
            "video:video/video:publication_date", namespaces=NS
        )
        for url in root.iterfind("sm:url", NS)
    }
    assert dates == {
        "http://testserver/en/episodes/episode-7/": "2024-01-08T19:00:00+02:00",
        "http://testserver/en/episodes/episode-594/": None,
    }
