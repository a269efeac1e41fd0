"""sitemap.xml (an index of per-language sections, with video entries) and robots.txt."""

import pytest

from flames.episodes.models import Episode
from tests import factories
from tests.factories import make_episode
from tests.publishing.helpers import NS, parse_xml

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def urls(root) -> dict[str, object]:
    return {url.find("sm:loc", NS).text: url for url in root.findall("sm:url", NS)}


def test_sitemap_index_lists_each_section_in_each_language(client, panel):
    root = parse_xml(client.get("/sitemap.xml"))

    locations = [item.find("sm:loc", NS).text for item in root.findall("sm:sitemap", NS)]
    assert locations == [
        f"{HOST}/sitemap-{name}-{language}.xml"
        for name in ("pages", "episodes", "topics", "people", "organizations")
        for language in ("en", "uk")
    ]


def test_sitemap_episode_has_translations_and_video(client, panel):
    root = parse_xml(client.get("/sitemap-episodes-en.xml"))

    entry = urls(root)[f"{HOST}/en/episodes/episode-7/"]
    alternates = [
        (link.get("hreflang"), link.get("href")) for link in entry.findall("xhtml:link", NS)
    ]
    assert alternates == [
        ("en", f"{HOST}/en/episodes/episode-7/"),
        ("uk", f"{HOST}/uk/episodes/episode-7/"),
    ]
    video = entry.find("video:video", NS)
    assert {child.tag.split("}")[1]: child.text for child in video} == {
        "thumbnail_loc": f"{HOST}/thumbnails/episode-7.jpg",
        "title": "#7 Sanctions & security: what “next” means",
        "description": "What panel 7 talked about.",
        "player_loc": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "duration": "3930",
        "publication_date": "2024-01-08T19:00:00+02:00",
    }
    assert entry.find("sm:lastmod", NS).text.startswith("20")


def test_sitemap_in_ukrainian_lists_ukrainian_pages(client, panel):
    root = parse_xml(client.get("/sitemap-episodes-uk.xml"))

    entry = urls(root)[f"{HOST}/uk/episodes/episode-7/"]
    assert entry.find("video:video/video:title", NS).text == "#7 Санкції і безпека"


def test_sitemap_leaves_out_drafts_and_video_of_episodes_without_one(client, series, panel):
    make_episode(series, 8, title="No video")
    make_episode(series, 9, title="Draft", status=Episode.Status.DRAFT)
    make_episode(
        series, 10, status=Episode.Status.SCHEDULED, video_url="https://youtu.be/dQw4w9WgXcQ"
    )
    make_episode(series, 11, duration=None, air_time=None, video_url="https://youtu.be/dQw4w9WgXcQ")

    entries = urls(parse_xml(client.get("/sitemap-episodes-en.xml")))

    assert sorted(entries) == [
        f"{HOST}/en/episodes/episode-10/",
        f"{HOST}/en/episodes/episode-11/",
        f"{HOST}/en/episodes/episode-7/",
        f"{HOST}/en/episodes/episode-8/",
    ]
    assert entries[f"{HOST}/en/episodes/episode-8/"].find("video:video", NS) is None
    live = entries[f"{HOST}/en/episodes/episode-10/"].find("video:video", NS)
    assert live.find("video:live", NS).text == "yes"
    bare = entries[f"{HOST}/en/episodes/episode-11/"].find("video:video", NS)
    assert [child.tag.split("}")[1] for child in bare] == [
        "thumbnail_loc",
        "title",
        "description",
        "player_loc",
    ]


def test_sitemap_people_are_those_on_public_episodes(client, series, panel):
    hidden = factories.person("Only In Drafts", slug="only-in-drafts")
    make_episode(series, 9, status=Episode.Status.DRAFT, speakers=[hidden])

    entries = urls(parse_xml(client.get("/sitemap-people-en.xml")))

    assert sorted(entries) == [
        f"{HOST}/en/people/baiba-braze/",
        f"{HOST}/en/people/olena-host/",
        f"{HOST}/en/people/valeriy-chaly/",
    ]


def test_sitemap_pages_topics_and_organizations(client, panel):
    factories.organization("UCMC", slug="ucmc")

    assert sorted(urls(parse_xml(client.get("/sitemap-pages-en.xml")))) == [
        f"{HOST}/en/",
        f"{HOST}/en/about/",
        f"{HOST}/en/episodes/",
        f"{HOST}/en/how-to-help/",
        f"{HOST}/en/people/",
        f"{HOST}/en/topics/",
    ]
    assert list(urls(parse_xml(client.get("/sitemap-topics-uk.xml")))) == [
        f"{HOST}/uk/topics/nato/"
    ]
    assert list(urls(parse_xml(client.get("/sitemap-organizations-en.xml")))) == [
        f"{HOST}/en/organizations/ucmc/"
    ]


def test_sitemap_unknown_section_is_not_found(client, panel):
    assert client.get("/sitemap-nothing-en.xml").status_code == 404


def test_sitemap_of_empty_archive_is_valid(client, series):
    root = parse_xml(client.get("/sitemap-episodes-en.xml"))

    assert root.findall("sm:url", NS) == []


def test_robots_allows_pages_hides_admin_and_names_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\nDisallow: /admin/\n\nSitemap: http://testserver/sitemap.xml\n"
    )
