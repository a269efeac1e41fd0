"""The pure link rewriting: where addresses live in the mirror and how links point there."""

import pytest

from flames.export import links
from flames.export.links import Mirror, Target

RELATIVE = Mirror(origin="http://localhost")
PREFIXED = Mirror(origin="https://mirror.example", base="https://mirror.example/uif")


def table(**files):
    return {key: Target(file=file) for key, file in files.items()}.get


@pytest.mark.parametrize(
    ("key", "kind", "file"),
    [
        ("/", "html", "index.html"),
        ("/en/episodes/x/", "html", "en/episodes/x/index.html"),
        ("/en/feeds/episodes.rss", "xml", "en/feeds/episodes.rss"),
        ("/en/episodes/?page=2", "html", "en/episodes/page/2/index.html"),
        ("/en/people/?letter=Б", "html", "en/people/letter/Б/index.html"),
        ("/sitemap-episodes-en.xml?p=2", "xml", "sitemap-episodes-en/p/2.xml"),
        ("/oembed/?format=json&url=x", "json", "oembed/format/json/url/x/index.json"),
    ],
)
def test_file_for_address_kind(key, kind, file):
    assert links.file_for(key, kind) == file


def test_file_for_unusual_query_value_is_a_short_stable_hash():
    first = links.file_for("/oembed/?url=http://localhost/en/x/", "json")
    assert first == links.file_for("/oembed/?url=http://localhost/en/x/", "json")
    segment = first.split("/")[2]
    assert segment.startswith("~") and len(segment) == 13


def test_normalize_sorts_query_and_decodes_path():
    assert (
        links.normalize("/en/people/%D0%91/", "page=2&letter=a") == "/en/people/Б/?letter=a&page=2"
    )


def test_relative_link_between_files():
    assert links.relative("en/people/x/index.html", "en/episodes/y/index.html") == (
        "../../people/x/index.html"
    )
    assert links.relative("en/index.html", "index.html") == "en/index.html"
    assert links.relative("static/site.css", "en/index.html") == "../static/site.css"


def test_rewrite_relative_mode_html_links_become_relative_files():
    page = (
        '<a href="/en/people/x/">X</a> <a href="?letter=%D0%91">Б</a> <a href="#content">skip</a>'
    )
    resolve = table(**{"/en/people/x/": "en/people/x/index.html"})
    out = links.rewrite(page, "html", RELATIVE, "/en/people/", "en/people/index.html", resolve)
    assert out == (
        '<a href="x/index.html">X</a> <a href="letter/%D0%91/index.html">Б</a> '
        '<a href="#content">skip</a>'
    )


def test_rewrite_relative_mode_keeps_metadata_absolute_at_origin():
    page = (
        '<meta property="og:url" content="http://localhost/en/episodes/?page=2">'
        '<script type="application/ld+json">{"url":"http://localhost/en/x/"}</script>'
    )
    out = links.rewrite(page, "html", RELATIVE, "/en/", "en/index.html", table())
    assert out == (
        '<meta property="og:url" content="http://localhost/en/episodes/page/2/">'
        '<script type="application/ld+json">{"url":"http://localhost/en/x/"}</script>'
    )


def test_rewrite_with_base_path_prefix():
    page = (
        '<link href="/static/flames/site.css" rel="stylesheet">'
        '<a href="https://mirror.example/en/feeds/episodes.rss">RSS</a>'
        '<a href="/en/episodes/?page=2&amp;topic=nato">2</a>'
    )
    out = links.rewrite(page, "html", PREFIXED, "/en/", "en/index.html", table())
    assert out == (
        '<link href="/uif/static/flames/site.css" rel="stylesheet">'
        '<a href="https://mirror.example/uif/en/feeds/episodes.rss">RSS</a>'
        '<a href="/uif/en/episodes/page/2/topic/nato/">2</a>'
    )


def test_rewrite_leaves_other_sites_and_lookalike_hosts_alone():
    page = (
        '<a href="https://www.youtube.com/watch?v=x">v</a> <a href="mailto:a@b.c">m</a> '
        "http://localhost:8000/en/"
    )
    assert links.rewrite(page, "html", RELATIVE, "/en/", "en/index.html", table()) == page


def test_rewrite_external_redirect_target_replaces_the_address():
    resolve = {"/thumbnails/x.jpg": Target(external="https://i.ytimg.com/vi/x/hqdefault.jpg")}.get
    page = '<meta property="og:image" content="https://mirror.example/thumbnails/x.jpg">'
    out = links.rewrite(page, "html", PREFIXED, "/en/", "en/index.html", resolve)
    assert out == '<meta property="og:image" content="https://i.ytimg.com/vi/x/hqdefault.jpg">'


def test_rewrite_feed_urls_absolute_under_base():
    feed = "<link>https://mirror.example/en/episodes/x/</link><guid>urn:uuid:1</guid>"
    out = links.rewrite(feed, "xml", PREFIXED, "/en/feeds/episodes.rss", "x.rss", table())
    assert out == "<link>https://mirror.example/uif/en/episodes/x/</link><guid>urn:uuid:1</guid>"


def test_rewrite_calendar_unfolds_and_refolds_long_lines():
    url = "https://mirror.example/en/episodes/" + "a-very-long-slug-" * 4 + "/"
    line = f"URL:{url}"
    folded = line[:75] + "\r\n " + line[75:]
    out = links.rewrite(
        f"BEGIN:VEVENT\r\n{folded}\r\nEND:VEVENT", "calendar", PREFIXED, "/", "a.ics", table()
    )
    lines = out.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in lines)
    assert out.replace("\r\n ", "") == (
        f"BEGIN:VEVENT\r\nURL:{url.replace('.example/', '.example/uif/')}\r\nEND:VEVENT"
    )


def test_references_finds_links_assets_and_absolute_urls():
    page = (
        '<link rel="stylesheet" href="/static/site.css"><a href="/en/x/">x</a>'
        '<a href="https://elsewhere.example/">e</a>{"u":"http://localhost/en/y/"}'
    )
    assert list(links.references(page, "html", RELATIVE, "/en/")) == [
        "/static/site.css",
        "/en/x/",
        "/en/y/",
    ]


def test_content_security_meta_drops_frame_ancestors_and_adds_wasm():
    policy = "default-src 'self'; script-src 'self'; frame-ancestors 'none'"
    assert links.content_security_meta(policy, allow_wasm=True) == (
        '<meta http-equiv="Content-Security-Policy" '
        'content="default-src &#x27;self&#x27;; script-src &#x27;self&#x27; '
        '&#x27;wasm-unsafe-eval&#x27;">'
    )
