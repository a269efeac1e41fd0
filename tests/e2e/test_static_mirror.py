"""The exported mirror in Chromium: served by a plain static file server, and from disk.

The same reader journey as the live site (home, episode, speaker, another
episode, the language switch) and a search in each language, answered by
Pagefind in the browser since no server is behind the mirror.
"""

import socket
import subprocess
import sys
import time
from contextlib import closing
from types import SimpleNamespace

import pytest

from flames.episodes.models import Episode
from flames.export.services import export_site
from tests.e2e.conftest import TIMEOUT_MS, Browsing
from tests.journey import DEMO_SLUG, DEMO_TITLE, LATER_SLUG, LATER_TITLE

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(folder, port):
    """``python -m http.server`` on ``folder``: a static host and nothing more."""
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    pytest.fail("python -m http.server did not start")


@pytest.fixture
def relative_mirror(later_episode, tmp_path):
    """A mirror exported without a base URL, served at the root of a static server."""
    export_site(directory=tmp_path / "mirror", workers=1)
    port = _free_port()
    server = _serve(tmp_path / "mirror", port)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", root=tmp_path / "mirror")
    server.terminate()
    server.wait()


@pytest.fixture
def prefixed_mirror(later_episode, tmp_path):
    """A mirror exported for http://127.0.0.1:PORT/uif/, served from there."""
    port = _free_port()
    export_site(directory=tmp_path / "uif", workers=1, base_url=f"http://127.0.0.1:{port}/uif/")
    server = _serve(tmp_path, port)
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{port}", root=tmp_path / "uif", base=f"http://127.0.0.1:{port}/uif/"
    )
    server.terminate()
    server.wait()


@pytest.fixture
def static_browsing(browser, axe_source):
    sessions = []

    def start(mirror):
        session = Browsing(browser, mirror, axe_source)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def test_static_mirror_reader_journey(relative_mirror, static_browsing):
    browsing = static_browsing(relative_mirror)
    page = browsing.new_page()

    page.goto("/")  # the root's redirect page sends the reader on to English
    page.wait_for_url("**/en/index.html")
    assert page.locator("h1").inner_text() == "Ukraine in Flames"
    latest = page.locator("section[aria-labelledby=latest-heading] h3")
    assert latest.all_inner_texts() == [LATER_TITLE, DEMO_TITLE]
    # The stylesheet (a hashed or plain file of the mirror) is applied.
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"

    page.get_by_role("link", name=DEMO_TITLE, exact=True).click()
    page.wait_for_url(f"**/en/episodes/{DEMO_SLUG}/index.html")
    assert page.locator("h1").inner_text() == DEMO_TITLE
    assert page.title() == f"{DEMO_TITLE} — Ukraine in Flames"
    assert page.locator("ol.speakers > li > a").count() == 7

    page.locator("ol.speakers").get_by_text("Valeriy Chaly", exact=True).click()
    page.wait_for_url("**/en/people/valeriy-chaly/index.html")
    assert page.locator("h1").inner_text() == "Valeriy Chaly"
    appearances = page.locator("section[aria-labelledby=episodes-heading] li h3")
    assert appearances.all_inner_texts() == [LATER_TITLE, DEMO_TITLE]

    page.get_by_role("link", name=LATER_TITLE, exact=True).click()
    page.wait_for_url(f"**/en/episodes/{LATER_SLUG}/index.html")
    assert page.locator("h1").inner_text() == LATER_TITLE
    neighbours = page.get_by_role("navigation", name="More episodes")
    assert neighbours.locator("a[rel=prev]").get_attribute("href") == (f"../{DEMO_SLUG}/index.html")

    page.locator("ul.languages").get_by_role("link", name="Українська").click()
    page.wait_for_url(f"**/uk/episodes/{LATER_SLUG}/index.html")
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert page.locator("a.brand").text_content() == "Україна в огні"

    assert browsing.axe(page) == [], browsing.describe(browsing.axe(page))
    assert page.csp_reports == []
    assert browsing.third_party_requests(page) == []
    assert not [r.url for r in page.requests if r.failure]


@pytest.mark.parametrize(
    ("language", "words", "title"),
    [
        ("en", "Kyiv Security Compact", LATER_TITLE),
        ("uk", "Партнерство", "Партнерство України та НАТО: спільні досягнення та виклики"),
    ],
)
def test_static_mirror_search_with_pagefind(
    prefixed_mirror, static_browsing, language, words, title
):
    browsing = static_browsing(prefixed_mirror)
    page = browsing.new_page()
    page.goto(f"/uif/{language}/")
    page.locator("#site-search-q").fill(words)
    page.locator("form.site-search button").click()
    page.wait_for_url(f"**/uif/{language}/search/?q=*")
    results = page.locator("ol.results > li")
    results.first.wait_for(timeout=TIMEOUT_MS)
    assert page.locator("#search-q").input_value() == words
    links = results.locator("h2 a")
    assert title in links.all_inner_texts()
    assert results.locator("mark").count() >= 1
    links.get_by_text(title, exact=True).first.click()
    page.wait_for_url(f"**/uif/{language}/episodes/*/")
    assert page.locator("h1").inner_text() == title

    assert page.csp_reports == []
    assert browsing.third_party_requests(page) == []


def _search_after_an_edit(mirror, static_browsing, language, words, **fields):
    """Edit the later episode, export again, search the mirror: (report, page, titles)."""
    Episode.objects.filter(slug=LATER_SLUG).update(**fields)
    report = export_site(directory=mirror.root, workers=1, base_url=mirror.base)
    page = static_browsing(mirror).new_page()
    page.goto(f"/uif/{language}/search/?q={words}")
    links = page.locator("ol.results > li h2 a")
    links.first.wait_for(timeout=TIMEOUT_MS)
    return report, page, links.all_inner_texts()


def test_static_mirror_search_after_an_edit_finds_the_new_text_only(
    prefixed_mirror, static_browsing
):
    report, page, titles = _search_after_an_edit(
        prefixed_mirror, static_browsing, "en", "revisited", title="Security guarantees, revisited"
    )
    assert not report.full and report.search_delta > 0 and not report.search_rebuilt
    assert "Security guarantees, revisited" in titles
    # The full index still has the old title, "... before NATO membership": hidden.
    page.goto("/uif/en/search/?q=membership")
    page.locator("p.count").filter(has_text="Results:").wait_for(timeout=TIMEOUT_MS)
    assert page.locator("ol.results > li h2 a").all_inner_texts() == [DEMO_TITLE]
    assert page.csp_reports == []
    assert not [r.url for r in page.requests if r.failure]


def test_static_mirror_search_keeps_to_the_readers_language_after_an_edit_in_one(
    prefixed_mirror, static_browsing
):
    report, page, titles = _search_after_an_edit(
        prefixed_mirror, static_browsing, "uk", "вдруге", title_uk="Гарантії безпеки, вдруге"
    )
    assert report.search_delta > 0
    assert "Гарантії безпеки, вдруге" in titles
    # Only Ukrainian pages changed: English readers search the full index alone.
    page.goto("/uif/en/search/?q=вдруге")
    page.locator("p.count").filter(has_text="Results:").wait_for(timeout=TIMEOUT_MS)
    hrefs = page.locator("ol.results > li h2 a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and all("/uif/en/" in href for href in hrefs)


def test_relative_mirror_opens_from_disk(relative_mirror, browser):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Security" in message.text else None,
    )
    page.on("requestfailed", lambda request: blocked.append(request.url))
    try:
        page.goto((relative_mirror.root / "en" / "index.html").as_uri())
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
        page.get_by_role("link", name=LATER_TITLE, exact=True).click()
        page.wait_for_url(f"**/en/episodes/{LATER_SLUG}/index.html")
        assert page.locator("h1").inner_text() == LATER_TITLE
        page.locator("ol.speakers").get_by_text("Valeriy Chaly", exact=True).click()
        page.wait_for_url("**/en/people/valeriy-chaly/index.html")
        assert page.locator("h1").inner_text() == "Valeriy Chaly"
        assert blocked == []
    finally:
        context.close()
