"""Feeds, calendars, structured data, embeds and sitemaps name an untitled episode
"Episode 594" ("Випуск 594"), never "#594" followed by nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from flames.episodes.models import Episode
from tests.publishing.helpers import NS, json_ld, parse_feed, parse_xml, value

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
PLACEHOLDERS = [("en", "Episode 594"), ("uk", "Випуск 594")]


@pytest.fixture
def untitled(series):
    return Episode.objects.create(
        series=series,
        number=594,
        title="",
        slug="uif-594",
        status=Episode.Status.PUBLISHED,
        air_time=timezone.now() - timedelta(days=1),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_url="https://media.example.org/594.mp3",
        media_size=1000,
    )


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
@pytest.mark.parametrize("feed", ["episodes.rss", "episodes.atom", "podcast.rss"])
def test_feed_untitled_item_is_named_by_placeholder(client, untitled, language, placeholder, feed):
    [entry] = parse_feed(client.get(f"/{language}/feeds/{feed}")).entries

    assert entry.title == placeholder


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_calendar_untitled_event_is_named_by_placeholder(client, untitled, language, placeholder):
    response = client.get(f"/{language}/episodes/uif-594/calendar.ics")

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == placeholder
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == placeholder


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_structured_data_untitled_episode_is_named_by_placeholder(
    client, untitled, language, placeholder
):
    [[episode]] = json_ld(client.get(f"/{language}/episodes/uif-594/"))

    assert value(episode, "name") == placeholder
    assert value(episode, "episodeNumber") == "594"
    assert value(value(episode, "video"), "name") == placeholder


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_home_structured_data_lists_untitled_episode_by_placeholder(
    client, untitled, language, placeholder
):
    [[series]] = json_ld(client.get(f"/{language}/"))

    assert value(value(series, "hasPart"), "name") == placeholder


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_oembed_untitled_episode_is_named_by_placeholder(client, untitled, language, placeholder):
    response = client.get("/oembed/", {"url": f"{HOST}/{language}/episodes/uif-594/"})

    data = response.json()
    assert data["title"] == placeholder
    assert f'title="{placeholder}"' in data["html"]


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_embed_page_untitled_episode_is_named_by_placeholder(
    client, untitled, language, placeholder
):
    html = client.get(f"/{language}/episodes/uif-594/embed/").content.decode()

    assert f"<title>{placeholder} — Ukraine in Flames</title>" in html


@pytest.mark.parametrize(("language", "placeholder"), PLACEHOLDERS)
def test_sitemap_video_of_untitled_episode_is_named_by_placeholder(
    client, untitled, language, placeholder
):
    root = parse_xml(client.get(f"/sitemap-episodes-{language}.xml"))

    titles = [element.text for element in root.iterfind(".//video:title", NS)]
    assert titles == [placeholder]
