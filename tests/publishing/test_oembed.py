"""oEmbed answers, their discovery link, and the embeddable player page."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest

from flames.episodes.models import Episode
from tests.factories import make_episode
from tests.publishing.helpers import get_with_queries

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def oembed(client, url, **params):
    return client.get("/oembed/?" + urlencode({"url": url, **params}))


def test_oembed_video_episode_embeds_site_player(client, panel):
    response = oembed(client, f"{HOST}/en/episodes/episode-7/", format="json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "version": "1.0",
        "type": "video",
        "title": "#7 Sanctions & security: what “next” means",
        "author_name": "Ukraine in Flames",
        "author_url": f"{HOST}/en/",
        "provider_name": "Ukraine in Flames",
        "provider_url": f"{HOST}/en/",
        "cache_age": 3600,
        "thumbnail_url": f"{HOST}/thumbnails/episode-7.jpg",
        "thumbnail_width": 480,
        "thumbnail_height": 360,
        "width": 640,
        "height": 360,
        "html": (
            f'<iframe src="{HOST}/en/episodes/episode-7/embed/" width="640" height="360" '
            'title="#7 Sanctions &amp; security: what “next” means" frameborder="0" '
            'allow="autoplay; encrypted-media; picture-in-picture; fullscreen" '
            "allowfullscreen></iframe>"
        ),
    }


def test_oembed_respects_max_size(client, panel):
    data = oembed(client, f"{HOST}/en/episodes/episode-7/", maxwidth="400", maxheight="200").json()

    assert (data["width"], data["height"]) == (356, 200)
    assert 'width="356" height="200"' in data["html"]
    assert "thumbnail_url" not in data


def test_oembed_episode_without_video_is_a_link(client, series):
    make_episode(series, 1, title="Audio only")

    data = oembed(client, f"{HOST}/en/episodes/episode-1/").json()

    assert (data["type"], data["title"]) == ("link", "#1 Audio only")
    assert not {"html", "width", "height", "thumbnail_url"} & set(data)


def test_oembed_ukrainian_url_answers_in_ukrainian(client, panel):
    data = oembed(client, f"{HOST}/uk/episodes/episode-7/").json()

    assert data["title"] == "#7 Санкції і безпека"
    assert f'src="{HOST}/uk/episodes/episode-7/embed/"' in data["html"]


def test_oembed_xml_format_is_not_implemented(client, panel):
    assert oembed(client, f"{HOST}/en/episodes/episode-7/", format="xml").status_code == 501


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://elsewhere.example/en/episodes/episode-7/",
        f"{HOST}/en/people/valeriy-chaly/",
        f"{HOST}/en/episodes/no-such-episode/",
        f"{HOST}/episodes/episode-7/",
        "javascript:alert(1)",
    ],
)
def test_oembed_other_urls_are_not_found(client, panel, url):
    assert oembed(client, url).status_code == 404


def test_oembed_draft_episode_is_not_found(client, series):
    make_episode(series, 1, status=Episode.Status.DRAFT)

    assert oembed(client, f"{HOST}/en/episodes/episode-1/").status_code == 404


def test_episode_page_discovery_link_leads_to_oembed(client, panel):
    html = client.get("/en/episodes/episode-7/").content.decode()

    [href] = re.findall(
        r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html
    )
    response = client.get(unescape(href).removeprefix(HOST))
    assert response.json()["title"] == "#7 Sanctions & security: what “next” means"


def test_embed_page_can_be_framed_by_other_sites_and_loads_nothing_from_youtube(client, panel):
    response = client.get("/en/episodes/episode-7/embed/")

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert policy.endswith("; frame-ancestors *")
    assert "frame-ancestors 'none'" not in policy
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "<iframe" not in html
    assert "ytimg" not in html


def test_embed_page_reads_the_episode_and_its_series_only(client, panel, django_assert_num_queries):
    html = get_with_queries(
        client, "/uk/episodes/episode-7/embed/", django_assert_num_queries, 1
    ).content.decode()

    assert "<title>#7 Санкції і безпека — Ukraine in Flames</title>" in html


def test_embed_page_of_draft_is_not_found(client, series):
    make_episode(series, 1, status=Episode.Status.DRAFT)

    assert client.get("/en/episodes/episode-1/embed/").status_code == 404


def test_site_pages_still_refuse_framing(client, panel):
    response = client.get("/en/episodes/episode-7/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
