"""The video facade: nothing reaches YouTube until the reader presses play."""

from urllib.parse import urlsplit

import pytest

from flames.episodes.models import Episode

pytestmark = pytest.mark.browser

EPISODE_PATH = "/en/episodes/121-ukraine-and-nato-partnership-anniversary/"
WATCH_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
EMBED_URL = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


@pytest.fixture
def episode_with_video(demo):
    Episode.objects.filter(pk=demo.pk).update(video_url=WATCH_URL)
    return demo


def test_video_facade_requests_nothing_from_youtube_before_click(browsing, episode_with_video):
    page = browsing.new_page()
    page.goto(EPISODE_PATH, wait_until="networkidle")

    hosts = {urlsplit(request.url).netloc for request in page.requests}
    assert hosts == {browsing.host}
    assert page.locator(".player iframe").count() == 0
    facade = page.locator("a.player-link")
    assert facade.get_attribute("href") == WATCH_URL
    assert facade.get_attribute("data-embed") == f"{EMBED_URL}?autoplay=1"

    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url) as embed:
        facade.click()

    assert embed.value.url == f"{EMBED_URL}?autoplay=1"
    assert page.locator("a.player-link").count() == 0
    frame = page.locator(".player iframe")
    assert frame.get_attribute("src").startswith(EMBED_URL)
    assert frame.get_attribute("title") == episode_with_video.title
    # Only the player the reader asked for; never youtube.com itself.
    assert {urlsplit(url).netloc for url in browsing.third_party_requests(page)} == {
        "www.youtube-nocookie.com"
    }
    assert page.csp_reports == []


def test_video_facade_without_javascript_is_a_plain_link(browsing, episode_with_video):
    page = browsing.new_page(java_script_enabled=False)
    page.goto(EPISODE_PATH, wait_until="networkidle")

    assert browsing.third_party_requests(page) == []
    assert page.locator("iframe").count() == 0
    link = page.get_by_role("link", name="Watch the video")
    assert link.get_attribute("href") == WATCH_URL
    # Following it leaves for YouTube (aborted here: the machine is offline).
    with page.expect_request(WATCH_URL) as watch:
        link.click(no_wait_after=True)

    assert watch.value.is_navigation_request()
