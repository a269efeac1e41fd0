"""Every public page type passes axe-core, in both languages, under a strict CSP."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from flames.episodes.models import Episode

pytestmark = pytest.mark.browser

DEMO_SLUG = "121-ukraine-and-nato-partnership-anniversary"
VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

# (page type, path after the language prefix, expected HTTP status)
PAGES = [
    ("home", "", 200),
    ("episode-list", "episodes/", 200),
    ("episode", f"episodes/{DEMO_SLUG}/", 200),
    ("person", "people/valeriy-chaly/", 200),
    ("people-directory", "people/", 200),
    ("organization", "organizations/ukraine-crisis-media-center/", 200),
    ("topic-list", "topics/", 200),
    ("topic", "topics/nato/", 200),
    ("how-to-help", "how-to-help/", 200),
    ("about", "about/", 200),
    ("search", "search/?q=NATO", 200),
    ("not-found", "no-such-page/", 404),
]


@pytest.fixture
def site(demo):
    """The demo episode with everything an episode page can show: video, panel, topics."""
    Episode.objects.filter(pk=demo.pk).update(
        video_url=VIDEO_URL, air_time=datetime(2022, 9, 30, 18, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    )
    return demo


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize(("page_type", "path", "status"), PAGES, ids=[p[0] for p in PAGES])
def test_accessibility_page_has_no_axe_violations(
    browsing, site, language, page_type, path, status
):
    page = browsing.new_page()
    response = page.goto(f"/{language}/{path}")

    assert response.status == status
    assert page.evaluate("document.documentElement.lang") == language
    if page_type == "episode":
        # The facade, the panel and the topics are all on the page being checked.
        assert page.locator("a.player-link").count() == 1
        assert page.locator("ol.speakers > li").count() == 7
        assert page.locator("ul.tags > li").count() == 2
    if page_type == "search":
        # Results with highlighted words are on the page being checked, not "no results".
        assert page.locator("ol.results > li").count() > 0
        assert page.locator("ol.results mark").count() > 0
    # The stylesheet must really apply, or colour contrast would be checked on
    # unstyled defaults.
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    # Readers who prefer a dark theme get one; it must be just as readable.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = browsing.axe(page)
        if violations:
            pytest.fail(
                f"axe-core on /{language}/{path} ({scheme}):\n{browsing.describe(violations)}",
                pytrace=False,
            )
    assert page.csp_reports == []
    assert browsing.third_party_requests(page) == []
