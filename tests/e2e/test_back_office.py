"""The back office in a real browser: the episode page fits the window, speakers keep
the order they are shown in, revisions can be compared, all under the site's CSP."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from flames.backoffice import staff
from flames.episodes.models import Episode
from tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
DEMO_TITLE = "Ukraine and NATO partnership anniversary: joint achievements and challenges"
# Set to a folder to keep the screenshots of the episode page for a look by eye.
SCREENSHOTS = os.environ.get("FLAMES_SCREENSHOTS")


@pytest.fixture
def sign_in(browsing, demo):
    """Opens a back-office page signed in as an editor (the Editors group, not a superuser)."""
    staff.ensure_account(username="editor", administrator=False)
    user = get_user_model().objects.get(username="editor")
    user.set_password(PASSWORD)
    user.save()

    def signed_in_page(**context_options):
        page = browsing.new_page(viewport={"width": 1280, "height": 800}, **context_options)
        page.goto("/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("input[type=submit]").click()
        return page

    return signed_in_page


@pytest.fixture
def editing(sign_in):
    return sign_in()


def panel(episode) -> list[str]:
    return [appearance.person.name for appearance in episode.appearances.all()]


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
        page.locator("#appearances-group").screenshot(
            path=str(Path(SCREENSHOTS) / f"{name}-speakers.png")
        )


@pytest.mark.parametrize("width", [1280, 390])
def test_episode_change_page_fits_the_window(editing, demo, width):
    editing.set_viewport_size({"width": width, "height": 800})

    editing.goto(f"/admin/episodes/episode/{demo.pk}/change/")

    assert editing.locator("#appearances-group .inline-related.has_original").count() == 7
    screenshot(editing, f"episode-change-{width}")
    assert editing.evaluate("() => document.documentElement.scrollWidth") <= width
    assert editing.csp_reports == []


def test_speaker_added_at_the_bottom_is_saved_last(editing, demo):
    factories.person("Olena Kovalenko", slug="olena-kovalenko")
    editing.goto(f"/admin/episodes/episode/{demo.pk}/change/")

    row = editing.locator("#appearances-7")
    row.locator(".select2-selection").click()
    editing.locator(".select2-container--open .select2-search__field").press_sequentially("Kovalen")
    editing.locator(".select2-results__option", has_text="Olena Kovalenko").click()
    with editing.expect_navigation():
        editing.locator("input[name=_continue]").click()

    assert editing.locator(".messagelist .success").count() == 1
    assert panel(demo)[-1] == "Olena Kovalenko"
    assert editing.csp_reports == []


def test_dragged_speaker_is_saved_where_dropped(editing, demo):
    editing.goto(f"/admin/episodes/episode/{demo.pk}/change/")
    rows = editing.locator("#appearances-group .inline-related.has_original")
    # Both ends of the drag on screen: the row between them in the middle of the window.
    rows.nth(6).evaluate("row => row.scrollIntoView({block: 'center'})")

    source = rows.nth(6).locator("h3 b").bounding_box()
    target = rows.nth(5).locator("h3 b").bounding_box()
    editing.mouse.move(source["x"] + 5, source["y"] + 5)
    editing.mouse.down()
    editing.mouse.move(target["x"] + 5, target["y"] + 5, steps=20)
    editing.mouse.up()
    with editing.expect_navigation():
        editing.locator("input[name=_continue]").click()

    assert panel(Episode.objects.get(pk=demo.pk)) == [
        "Emine Dzheppar",
        "Vineta Kleine",
        "Baiba Braže",
        "Karen McTear",
        "Volodymyr Ogryzko",
        "Valeriy Chaly",
        "Ivanna Klympush-Tsintsadze",
    ]
    assert editing.csp_reports == []


def test_history_and_compare_pages_in_ukrainian_under_the_csp(sign_in, demo):
    page = sign_in(locale="uk-UA")
    page.goto(f"/admin/episodes/episode/{demo.pk}/change/")
    page.fill("#id_title", "НАТО і Україна")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Історія").click()
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(1).inner_text() == "editor"
    with page.expect_navigation():
        page.get_by_role("button", name="порівняти").click()

    assert page.locator("h1").inner_text() == f"Порівняти #121 {DEMO_TITLE}"
    assert page.locator(".module ins").first.inner_text() == "НАТО і Україна"
    assert page.csp_reports == []
