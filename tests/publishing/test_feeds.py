"""RSS and Atom feeds, read back with feedparser."""

import pytest

from flames.episodes.models import Episode
from flames.publishing.describe import description_html
from flames.publishing.identity import episode_uuid
from flames.publishing.selectors import FEED_LIMIT
from tests import factories
from tests.factories import make_episode
from tests.publishing.helpers import get_with_queries, parse_feed

pytestmark = pytest.mark.django_db

FEEDS = ["/en/feeds/episodes.rss", "/en/feeds/episodes.atom"]


@pytest.mark.parametrize("url", FEEDS)
def test_series_feed_lists_published_episodes_newest_first(client, series, panel, url):
    make_episode(series, 8, title="Energy war")
    make_episode(series, 9, title="Draft", status=Episode.Status.DRAFT)
    make_episode(series, 10, title="Coming soon", status=Episode.Status.SCHEDULED)
    make_episode(series, 11, title="Called off", status=Episode.Status.CANCELLED)

    feed = parse_feed(client.get(url))

    assert feed.feed.title == "Ukraine in Flames"
    assert feed.feed.link == "http://testserver/en/"
    assert [entry.title for entry in feed.entries] == [
        "#8 Energy war",
        "#7 Sanctions & security: what “next” means",
    ]
    assert feed.entries[1].link == "http://testserver/en/episodes/episode-7/"
    assert feed.entries[1].id == f"urn:uuid:{episode_uuid(panel)}"
    assert [tag.term for tag in feed.entries[1].tags] == ["NATO"]


@pytest.mark.parametrize("url", FEEDS)
def test_series_feed_describes_panel_as_announced(client, panel, url):
    entry = parse_feed(client.get(url)).entries[0]

    assert entry.summary == (
        "<p>What panel 7 talked about.</p><p>Speakers:</p><ul>"
        "<li>Olena Host, Journalist</li>"
        "<li>Valeriy Chaly, Ambassador of Ukraine to the USA (2015-2019)</li>"
        "<li>Baiba Braže, Assistant Secretary General</li></ul>"
    )


def test_series_rss_dates_items_by_air_time(client, panel):
    entry = parse_feed(client.get("/en/feeds/episodes.rss")).entries[0]

    # 19:00 in Kyiv on 8 January 2024 is 17:00 UTC.
    assert tuple(entry.published_parsed)[:6] == (2024, 1, 8, 17, 0, 0)


def test_series_atom_names_an_author_and_self_link(client, panel):
    feed = parse_feed(client.get("/en/feeds/episodes.atom"))

    assert feed.feed.author == "Ukraine in Flames"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == (
        "http://testserver/en/feeds/episodes.atom"
    )


@pytest.mark.parametrize("url", ["/uk/feeds/episodes.rss", "/uk/feeds/episodes.atom"])
def test_series_feed_in_ukrainian_uses_ukrainian_texts(client, panel, url):
    feed = parse_feed(client.get(url))

    assert feed.feed.title == "Ukraine in Flames"
    assert feed.feed.language == "uk"
    assert feed.entries[0].title == "#7 Санкції і безпека"
    assert feed.entries[0].link == "http://testserver/uk/episodes/episode-7/"
    assert [tag.term for tag in feed.entries[0].tags] == ["НАТО"]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_topic_feed_lists_only_episodes_on_topic(client, series, panel, suffix):
    make_episode(series, 8, title="Off topic")

    feed = parse_feed(client.get(f"/en/feeds/topics/nato.{suffix}"))

    assert feed.feed.title == "Ukraine in Flames: NATO"
    assert feed.feed.link == "http://testserver/en/topics/nato/"
    assert [entry.title for entry in feed.entries] == ["#7 Sanctions & security: what “next” means"]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_person_feed_lists_only_episodes_with_person(client, series, panel, suffix):
    chaly = panel.speakers.get(slug="valeriy-chaly")
    make_episode(series, 8, title="Without him")
    make_episode(series, 9, title="With him again", speakers=[chaly])

    feed = parse_feed(client.get(f"/en/feeds/people/valeriy-chaly.{suffix}"))

    assert feed.feed.title == "Ukraine in Flames with Valeriy Chaly"
    assert feed.feed.link == "http://testserver/en/people/valeriy-chaly/"
    assert [entry.title for entry in feed.entries] == [
        "#9 With him again",
        "#7 Sanctions & security: what “next” means",
    ]


@pytest.mark.parametrize("url", ["/en/feeds/people/nobody.rss", "/en/feeds/topics/nothing.atom"])
def test_subject_feed_unknown_subject_is_not_found(client, series, url):
    assert client.get(url).status_code == 404


def test_person_feed_with_no_public_episodes_is_valid_and_empty(client, series):
    factories.person("Quiet Person", slug="quiet-person")

    feed = parse_feed(client.get("/en/feeds/people/quiet-person.rss"))

    assert feed.feed.title == "Ukraine in Flames with Quiet Person"
    assert feed.entries == []


@pytest.mark.parametrize("url", FEEDS)
def test_series_feed_caps_at_limit_newest_kept(client, series, url):
    for n in range(1, FEED_LIMIT + 6):
        make_episode(series, n)

    feed = parse_feed(client.get(url))

    assert len(feed.entries) == FEED_LIMIT == 30
    assert feed.entries[0].title == "#35 Panel 35"
    assert feed.entries[-1].title == "#6 Panel 6"


@pytest.mark.parametrize("url", FEEDS)
def test_series_feed_bad_data_still_valid(client, series, url):
    make_episode(
        series,
        1,
        number=None,
        title="No number, speakers, video, duration, summary or air time",
        air_time=None,
        duration=None,
        summary="",
    )

    feed = parse_feed(client.get(url))

    assert [entry.title for entry in feed.entries] == [
        "No number, speakers, video, duration, summary or air time"
    ]
    assert feed.entries[0].get("summary", "") == ""


def test_series_feed_links_use_request_host(client, settings, panel):
    settings.ALLOWED_HOSTS = ["flames.example.org"]

    feed = parse_feed(
        client.get("/en/feeds/episodes.rss", HTTP_HOST="flames.example.org", secure=True)
    )

    assert feed.entries[0].link == "https://flames.example.org/en/episodes/episode-7/"


def build(series, prefix, *, episodes, speakers):
    topic = factories.topic(f"{prefix} topic", slug=f"{prefix}-topic")
    people = [factories.person(f"{prefix} speaker {n}") for n in range(speakers)]
    for n in range(episodes):
        made = make_episode(series, n + 1, slug=f"{prefix}-{n}", speakers=people)
        made.topics.add(topic)
    return topic, people[0]


@pytest.mark.parametrize(
    ("url", "expected", "entries"),
    [
        # content version, latest air time, series, episodes, speakers, topics
        ("/en/feeds/episodes.{}", 6, 21),
        # ... and the topic
        ("/en/feeds/topics/{topic}.{}", 7, 20),
        # ... and the person
        ("/en/feeds/people/{person}.{}", 7, 20),
    ],
)
@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feed_queries_do_not_grow_with_archive(
    client, django_assert_num_queries, series, url, expected, entries, suffix
):
    topic, person = build(series, "small", episodes=1, speakers=1)
    small = url.format(suffix, topic=topic.slug, person=person.slug)
    get_with_queries(client, small, django_assert_num_queries, expected)
    topic, person = build(series, "large", episodes=20, speakers=20)
    large = url.format(suffix, topic=topic.slug, person=person.slug)

    response = get_with_queries(client, large, django_assert_num_queries, expected)

    assert len(parse_feed(response).entries) == entries


def test_feed_description_escapes_what_editors_typed(series, panel):
    appearance = panel.appearances.select_related("person").get(person__name="Olena Host")
    appearance.person.name = 'Olena <b onclick="x()">Host</b>'
    appearance.person.save()
    appearance.announced_as = "Journalist & <script>alert(1)</script>"
    appearance.save()
    episode = Episode.objects.prefetch_related("appearances__person").get(pk=panel.pk)

    assert (
        "<li>Olena &lt;b onclick=&quot;x()&quot;&gt;Host&lt;/b&gt;, "
        "Journalist &amp; &lt;script&gt;alert(1)&lt;/script&gt;</li>"
    ) in description_html(episode)


def test_ukrainian_feed_introduces_the_panel_in_ukrainian(client, panel):
    entry = parse_feed(client.get("/uk/feeds/episodes.rss")).entries[0]

    assert "<p>Спікери:</p><ul><li>Olena Host, Journalist</li>" in entry.summary
