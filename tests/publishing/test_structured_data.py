"""schema.org JSON-LD, expanded by a JSON-LD processor (pyld), and link-preview tags."""

import json
import re

import pytest

from flames.episodes.models import Episode
from tests import factories
from tests.factories import make_episode
from tests.publishing.helpers import json_ld, types, value, values

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def only(response) -> dict:
    [[node]] = json_ld(response)
    return node


def test_episode_page_is_episode_with_video_series_and_panel(client, panel):
    episode = only(client.get("/en/episodes/episode-7/"))

    assert types(episode) == ["Episode"]
    assert episode["@id"] == f"{HOST}/en/episodes/episode-7/#episode"
    assert value(episode, "name") == "Sanctions & security: what “next” means"
    assert value(episode, "episodeNumber") == "7"
    assert value(episode, "datePublished") == "2024-01-08T19:00:00+02:00"
    assert value(episode, "duration") == "PT1H5M30S"
    assert value(episode, "thumbnailUrl") == f"{HOST}/thumbnails/episode-7.jpg"
    series = value(episode, "partOfSeries")
    assert (types(series), value(series, "name"), value(series, "url")) == (
        ["CreativeWorkSeries"],
        "Ukraine in Flames",
        f"{HOST}/en/",
    )
    video = value(episode, "video")
    assert types(video) == ["VideoObject"]
    assert value(video, "embedUrl") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert value(video, "thumbnailUrl") == f"{HOST}/thumbnails/episode-7.jpg"
    assert value(video, "duration") == "PT1H5M30S"
    assert value(video, "uploadDate") == "2024-01-08T19:00:00+02:00"
    people = [
        (types(p), value(p, "name"), value(p, "jobTitle"), value(p, "url"))
        for p in episode[f"{'http://schema.org/'}contributor"]
    ]
    assert people == [
        (["Person"], "Olena Host", "Journalist", f"{HOST}/en/people/olena-host/"),
        (
            ["Person"],
            "Valeriy Chaly",
            "Ambassador of Ukraine to the USA (2015-2019)",
            f"{HOST}/en/people/valeriy-chaly/",
        ),
        (
            ["Person"],
            "Baiba Braže",
            "Assistant Secretary General",
            f"{HOST}/en/people/baiba-braze/",
        ),
    ]
    assert [value(topic, "name") for topic in episode["http://schema.org/about"]] == ["NATO"]


def test_episode_page_in_ukrainian_describes_in_ukrainian(client, panel):
    episode = only(client.get("/uk/episodes/episode-7/"))

    assert value(episode, "name") == "Санкції і безпека"
    assert value(episode, "url") == f"{HOST}/uk/episodes/episode-7/"


def test_episode_bad_data_still_valid_and_leaves_unknowns_out(client, series):
    make_episode(series, 1, number=None, duration=None, air_time=None, summary="", title="Bare")

    episode = only(client.get("/en/episodes/episode-1/"))

    assert types(episode) == ["Episode"]
    assert value(episode, "name") == "Bare"
    missing = {"video", "duration", "contributor", "episodeNumber", "datePublished", "about"}
    assert not {f"http://schema.org/{name}" for name in missing} & set(episode)


def test_upcoming_episode_video_is_announced_as_live_broadcast(client, series):
    make_episode(
        series, 2, status=Episode.Status.SCHEDULED, video_url="https://youtu.be/dQw4w9WgXcQ"
    )

    episode = only(client.get("/en/episodes/episode-2/"))

    assert "http://schema.org/datePublished" not in episode
    broadcast = value(value(episode, "video"), "publication")
    assert types(broadcast) == ["BroadcastEvent"]
    assert value(broadcast, "isLiveBroadcast") is True
    assert value(broadcast, "startDate") == "2024-01-03T19:00:00+02:00"


def test_editor_text_cannot_close_the_script(client, series):
    hostile = 'Ends here </script><script>alert("x")</script> & <!-- more'
    make_episode(series, 3, summary=hostile)

    html = client.get("/en/episodes/episode-3/").content.decode()

    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in block and ">" not in block
    assert json.loads(block)["description"] == hostile


def test_person_page_is_profile_page_about_person(client, demo):
    page = only(client.get("/en/people/valeriy-chaly/"))

    assert types(page) == ["ProfilePage"]
    person = value(page, "mainEntity")
    assert types(person) == ["Person"]
    assert value(person, "name") == "Valeriy Chaly"
    assert values(person, "alternateName") == ["Валерій Чалий"]
    assert values(person, "jobTitle") == ["Chair of the Board"]
    assert values(person, "sameAs") == [f"{HOST}/uk/people/valeriy-chaly/"]
    [affiliation] = person["http://schema.org/affiliation"]
    assert (types(affiliation), value(affiliation, "name")) == (
        ["NGO"],
        "Ukraine Crisis Media Center",
    )


def test_organization_page_is_organization_of_its_kind(client, demo):
    organization = only(client.get("/en/organizations/ukraine-crisis-media-center/"))

    assert types(organization) == ["NGO"]
    assert value(organization, "name") == "Ukraine Crisis Media Center"
    assert values(organization, "alternateName") == [
        "UCMC",
        "Український кризовий медіа-центр",
        "УКМЦ",
    ]
    assert [value(member, "name") for member in organization["http://schema.org/member"]] == [
        "Valeriy Chaly"
    ]


def test_organization_without_kind_or_website_is_plain_organization(client, series):
    factories.organization("Someone’s Office", slug="office")

    organization = only(client.get("/en/organizations/office/"))

    assert types(organization) == ["Organization"]
    assert "http://schema.org/sameAs" not in organization


def test_home_page_is_the_series(client, demo):
    series = only(client.get("/en/"))

    assert types(series) == ["CreativeWorkSeries"]
    assert value(series, "name") == "Ukraine in Flames"
    assert [value(part, "episodeNumber") for part in series["http://schema.org/hasPart"]] == ["121"]
    assert [value(org, "name") for org in series["http://schema.org/producer"]] == [
        "Ukraine Crisis Media Center",
        "Ukrainian Catholic University’s analytical center",
        "NGO “Euroatlantic Course”",
    ]


def test_video_still_redirects_to_youtube(client, panel):
    response = client.get("/thumbnails/episode-7.jpg")

    assert response.status_code == 302
    assert response["Location"] == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"


def test_video_still_of_episode_without_video_is_not_found(client, series):
    make_episode(series, 1)

    assert client.get("/thumbnails/episode-1.jpg").status_code == 404


def meta(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )


PAGES = [
    "/en/",
    "/en/episodes/",
    "/en/episodes/episode-7/",
    "/en/people/",
    "/en/people/valeriy-chaly/",
    "/en/topics/",
    "/en/topics/nato/",
    "/en/about/",
    "/en/how-to-help/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_link_preview_tags(client, panel, url):
    tags = meta(client.get(url).content.decode())

    assert tags["og:site_name"] == "Ukraine in Flames"
    assert tags["og:url"] == HOST + url
    assert tags["og:locale"] == "en_GB"
    assert tags["og:image"].startswith(HOST + "/")
    assert tags["twitter:card"] in ("summary", "summary_large_image")
    assert tags["og:title"] and tags["twitter:title"] == tags["og:title"]


def test_episode_link_preview_shows_video_still(client, panel):
    tags = meta(client.get("/en/episodes/episode-7/").content.decode())

    assert tags["og:type"] == "video.episode"
    assert tags["og:title"] == "Sanctions &amp; security: what “next” means"
    assert tags["og:description"] == "What panel 7 talked about."
    assert tags["og:image"] == f"{HOST}/thumbnails/episode-7.jpg"
    assert tags["twitter:card"] == "summary_large_image"


def test_person_link_preview_is_a_profile(client, panel):
    tags = meta(client.get("/en/people/valeriy-chaly/").content.decode())

    assert (tags["og:type"], tags["og:title"]) == ("profile", "Valeriy Chaly")
    assert tags["og:description"] == "Valeriy Chaly on Ukraine in Flames"


def alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">', html)


def test_topic_page_advertises_and_links_its_feeds(client, panel):
    html = client.get("/en/topics/nato/").content.decode()

    assert alternates(html)[:2] == [
        ("application/rss+xml", f"{HOST}/en/feeds/topics/nato.rss"),
        ("application/atom+xml", f"{HOST}/en/feeds/topics/nato.atom"),
    ]
    assert (
        f'<p class="feeds">Episodes about NATO: <a href="{HOST}/en/feeds/topics/nato.rss" '
        'type="application/rss+xml">RSS</a>'
    ) in html


def test_person_page_advertises_and_links_their_feeds(client, panel):
    html = client.get("/en/people/valeriy-chaly/").content.decode()

    assert alternates(html)[:2] == [
        ("application/rss+xml", f"{HOST}/en/feeds/people/valeriy-chaly.rss"),
        ("application/atom+xml", f"{HOST}/en/feeds/people/valeriy-chaly.atom"),
    ]
    assert (
        'New episodes with Valeriy Chaly: <a href="/en/feeds/people/valeriy-chaly.rss" '
        'type="application/rss+xml">RSS</a>'
    ) in html


@pytest.mark.parametrize("url", PAGES)
def test_every_page_advertises_series_feeds(client, panel, url):
    html = client.get(url).content.decode()

    assert alternates(html)[-4:] == [
        ("application/rss+xml", f"{HOST}/en/feeds/episodes.rss"),
        ("application/atom+xml", f"{HOST}/en/feeds/episodes.atom"),
        ("application/rss+xml", f"{HOST}/en/feeds/podcast.rss"),
        ("text/calendar", f"{HOST}/en/feeds/calendar.ics"),
    ]
    assert (
        f'<p class="feeds">Ukraine in Flames: <a href="{HOST}/en/feeds/episodes.rss" '
        'type="application/rss+xml">RSS</a>'
    ) in html
