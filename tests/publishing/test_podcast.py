"""The podcast feed, read with feedparser and, for the Podcasting 2.0 tags, ElementTree."""

import uuid

import pytest

from flames.publishing.identity import PODCAST_NAMESPACE, episode_uuid
from tests import factories
from tests.factories import donation, make_episode, transcript
from tests.publishing.helpers import NS, get_with_queries, parse_feed, parse_xml

pytestmark = pytest.mark.django_db

URL = "/en/feeds/podcast.rss"


def test_podcast_feed_is_valid_for_feedparser(client, panel):
    feed = parse_feed(client.get(URL))

    assert feed.version == "rss20"
    assert feed.feed.title == "Ukraine in Flames"
    assert feed.feed.author == "Ukraine in Flames"
    assert feed.feed.image.href == "http://testserver/static/publishing/podcast-cover.png"
    assert [tag.term for tag in feed.feed.tags] == ["News", "Politics"]
    assert feed.feed.publisher_detail.email == "desk@example.org"
    [entry] = feed.entries
    assert entry.title == "#7 Sanctions & security: what “next” means"
    assert entry.id == f"urn:uuid:{episode_uuid(panel)}"
    assert entry.itunes_duration == "3930"
    assert entry.itunes_episode == "7"
    assert [(e.href, e.length, e.type) for e in entry.enclosures] == [
        ("https://media.example.org/ep7.mp3", "48000000", "audio/mpeg")
    ]


def test_podcast_feed_leaves_out_episode_without_media(client, series, panel):
    make_episode(series, 8, title="Video only", video_url="https://youtu.be/dQw4w9WgXcQ")

    feed = parse_feed(client.get(URL))

    assert [entry.title for entry in feed.entries] == ["#7 Sanctions & security: what “next” means"]


def test_podcast_feed_without_any_media_is_valid_and_empty(client, series):
    make_episode(series, 1)

    feed = parse_feed(client.get(URL))

    assert feed.feed.title == "Ukraine in Flames"
    assert feed.entries == []


def test_podcast_person_for_every_speaker_with_role_and_page(client, panel):
    item = parse_xml(client.get(URL)).find("channel/item")

    people = [
        (person.text, person.get("role"), person.get("href"))
        for person in item.findall("podcast:person", NS)
    ]
    assert people == [
        ("Olena Host", "host", "http://testserver/en/people/olena-host/"),
        ("Valeriy Chaly", "guest", "http://testserver/en/people/valeriy-chaly/"),
        ("Baiba Braže", "guest", "http://testserver/en/people/baiba-braze/"),
    ]


def test_podcast_channel_has_apple_required_tags(client, panel):
    channel = parse_xml(client.get(URL)).find("channel")

    assert channel.find("itunes:explicit", NS).text == "false"
    assert channel.find("itunes:image", NS).get("href") == (
        "http://testserver/static/publishing/podcast-cover.png"
    )
    category = channel.find("itunes:category", NS)
    assert (category.get("text"), category.find("itunes:category", NS).get("text")) == (
        "News",
        "Politics",
    )
    assert channel.find("language").text == "en"


def test_podcast_guid_is_uuid5_of_feed_url(client, panel):
    channel = parse_xml(client.get(URL)).find("channel")

    expected = uuid.uuid5(PODCAST_NAMESPACE, "testserver/en/feeds/podcast.rss")
    assert channel.find("podcast:guid", NS).text == str(expected)


def test_podcast_guid_stable_across_requests(client, panel):
    first = parse_xml(client.get(URL)).find("channel/podcast:guid", NS).text

    assert parse_xml(client.get(URL)).find("channel/podcast:guid", NS).text == first


def test_podcast_locked_names_owner(client, panel):
    locked = parse_xml(client.get(URL)).find("channel/podcast:locked", NS)

    assert (locked.text, locked.get("owner")) == ("yes", "desk@example.org")


def test_podcast_funding_from_donation_call_to_action(client, series, panel):
    donation(series)

    funding = parse_xml(client.get(URL)).find("channel/podcast:funding", NS)

    assert (funding.get("url"), funding.text) == (
        "https://donate.example.org/",
        "Donate to the army",
    )


def test_podcast_funding_left_out_when_donation_has_no_link(client, series, panel):
    donation(series, url="")

    channel = parse_xml(client.get(URL)).find("channel")

    assert channel.find("podcast:funding", NS) is None


def test_podcast_without_owner_email_still_locked(client, panel):
    panel.series.contact_email = ""
    panel.series.save()

    root = parse_xml(client.get(URL))

    locked = root.find("channel/podcast:locked", NS)
    assert (locked.text, locked.attrib) == ("yes", {})
    assert root.find("channel/itunes:owner", NS) is None


def test_podcast_bad_data_still_valid(client, series):
    make_episode(
        series,
        3,
        number=None,
        title="Audio, nothing else known",
        duration=None,
        air_time=None,
        summary="",
        media_url="https://media.example.org/three.m4a?download=1",
    )

    feed = parse_feed(client.get(URL))

    [entry] = feed.entries
    assert entry.title == "Audio, nothing else known"
    assert "itunes_duration" not in entry
    assert "itunes_episode" not in entry
    assert [(e.length, e.type) for e in entry.enclosures] == [("0", "audio/mp4")]
    item = parse_xml(client.get(URL)).find("channel/item")
    assert item.findall("podcast:person", NS) == []


def test_podcast_transcript_links_the_webvtt_file(client, panel):
    transcript(panel, (1, 2, "Valeriy Chaly", "Good evening."))

    [entry] = parse_feed(client.get(URL)).entries

    assert entry.podcast_transcript == {
        "url": "http://testserver/en/episodes/episode-7/transcript-en.vtt",
        "type": "text/vtt",
        "language": "en",
        "rel": "captions",
    }


def test_podcast_transcript_for_every_language(client, panel):
    transcript(panel, (1, 2, "", "Добрий вечір."), language="uk")
    transcript(panel, (1, 2, "", "Good evening."), language="en")

    item = parse_xml(client.get("/uk/feeds/podcast.rss")).find("channel/item")

    assert [t.attrib for t in item.findall("podcast:transcript", NS)] == [
        {
            "url": f"http://testserver/uk/episodes/episode-7/transcript-{language}.vtt",
            "type": "text/vtt",
            "language": language,
            "rel": "captions",
        }
        for language in ("en", "uk")
    ]


def test_podcast_without_transcript_has_no_transcript_element(client, panel):
    item = parse_xml(client.get(URL)).find("channel/item")

    assert item.find("podcast:transcript", NS) is None


def test_podcast_queries_do_not_grow_with_archive(client, django_assert_num_queries, series):
    # content version, latest air time, series, donation, episodes, speakers, topics,
    # transcripts
    expected = 8
    donation(series)
    speaker = factories.person("One")
    make_episode(series, 1, media_url="https://m.example.org/1.mp3", speakers=[speaker])
    get_with_queries(client, URL, django_assert_num_queries, expected)
    people = [factories.person(f"Speaker {n}") for n in range(20)]
    for n in range(2, 22):
        episode = make_episode(
            series, n, media_url=f"https://m.example.org/{n}.mp3", speakers=people
        )
        transcript(episode, (1, 2, "Speaker 0", "Hello."), language="en")
        transcript(episode, (1, 2, "", "Привіт."), language="uk")

    response = get_with_queries(client, URL, django_assert_num_queries, expected)

    assert len(parse_feed(response).entries) == 21
    assert len(parse_xml(response).findall("channel/item/podcast:transcript", NS)) == 40
