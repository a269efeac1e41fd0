"""A reader searches from the header, opens a transcript hit and plays from its cue."""

import pytest

from flames.episodes.models import Episode
from tests.factories import transcript

pytestmark = pytest.mark.browser

EPISODE_PATH = "/en/episodes/121-ukraine-and-nato-partnership-anniversary/"
EMBED_URL = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"


@pytest.fixture
def episode_with_transcript(demo):
    Episode.objects.filter(pk=demo.pk).update(
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    filler = [
        (n * 10, n * 10 + 10, "Байба Браже", f"Point number {n} about NATO.") for n in range(75)
    ]
    transcript(
        demo,
        *filler,
        (754, 760, "Baiba Braže", "The grain corridor through the Black Sea must stay open."),
        (760, 770, "Baiba Braže", "Thank you."),
    )
    return demo


def test_search_transcript_hit_opens_cue_and_timestamp_starts_video(
    browsing, episode_with_transcript
):
    page = browsing.new_page()
    page.goto("/en/")

    page.get_by_label("Search the archive").fill("grain corridor")
    page.get_by_label("Search the archive").press("Enter")
    page.wait_for_url("**/en/search/?q=grain+corridor")
    hit = page.locator("ol.results > li")
    assert hit.count() == 1
    assert hit.locator("mark").all_inner_texts() == ["grain", "corridor"]
    assert browsing.axe(page) == [], browsing.describe(browsing.axe(page))

    hit.get_by_role("link").click()
    page.wait_for_url(f"**{EPISODE_PATH}#cue-en-76")
    cue = page.locator("#cue-en-76")
    assert page.locator("details#transcript-en").evaluate("details => details.open")
    assert cue.is_visible()
    assert cue.evaluate(
        "cue => { const box = cue.getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= window.innerHeight; }"
    )
    stamp = cue.locator("a.cue-time")
    assert stamp.inner_text() == "12:34"
    assert stamp.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=754s"
    assert page.locator(".player iframe").count() == 0
    assert browsing.axe(page) == [], browsing.describe(browsing.axe(page))
    # This machine is offline: an empty page stands in for YouTube's player, so that
    # the frame loads as it would for a reader.
    page.route(
        lambda url: url.startswith(EMBED_URL),
        lambda route: route.fulfill(content_type="text/html", body=""),
    )
    history_length = page.evaluate("history.length")

    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url) as embed:
        stamp.click()

    assert embed.value.url == f"{EMBED_URL}&start=754"
    assert page.locator(".player iframe").get_attribute("src") == f"{EMBED_URL}&start=754"
    assert page.url.endswith(f"{EPISODE_PATH}#cue-en-76")  # the page did not navigate away

    # Another timestamp while the video plays restarts the same player there.
    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url) as again:
        page.locator("#cue-en-77 a.cue-time").click()

    assert again.value.url == f"{EMBED_URL}&start=760"
    assert page.locator(".player iframe").count() == 1
    assert page.locator(".player iframe").get_attribute("src") == f"{EMBED_URL}&start=760"
    # Back still leaves the page: playing from a timestamp added no history entry.
    assert page.evaluate("history.length") == history_length
    assert page.csp_reports == []
