"""An editor protects a speaker on an episode's form, as the back office lets them."""

import pytest
from django.contrib.auth import get_user_model

from flames.backoffice import staff

pytestmark = pytest.mark.browser

EPISODE_PATH = "/en/episodes/121-ukraine-and-nato-partnership-anniversary/"
ORGANIZATION = "NATO Information and Documentation Center"


@pytest.fixture
def editor(demo):
    staff.ensure_account(username="editor", administrator=False)
    user = get_user_model().objects.get(username="editor")
    user.set_password("correct horse battery")
    user.save()
    return user


def sign_in(page) -> None:
    page.goto("/admin/")
    page.wait_for_url("/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("/admin/")


def test_editor_shows_a_speaker_by_first_name_without_organization(browsing, editor, demo):
    reader = browsing.new_page()
    reader.goto(EPISODE_PATH)
    assert reader.get_by_role("link", name="Vineta Kleine", exact=True).count() == 1

    editing = browsing.new_page()
    sign_in(editing)
    change = f"/admin/episodes/episode/{demo.pk}/change/"
    editing.goto(change)
    row = editing.locator("#appearances-1")
    assert row.locator(".inline_label").inner_text().startswith("Vineta Kleine in #121")
    assert row.locator(".field-protection_summary .readonly").inner_text() == ("shown by full name")
    # Folded until opened: the panel stays short.
    shown_as = row.locator("select[name='appearances-1-shown_as']")
    assert not shown_as.is_visible()
    row.get_by_text("How the speaker is shown").click()
    shown_as.select_option(label="First name only")
    row.locator("input[name='appearances-1-shown_name']").fill("Vineta")
    row.get_by_label("Show the organization").uncheck()
    row.locator("input[name='appearances-1-announced_title']").fill("Director")
    editing.locator("input[name=_continue]").click()
    editing.wait_for_url(change)
    assert (
        editing.locator(".messagelist .success")
        .inner_text()
        .startswith("The episode “#121 Ukraine and NATO")
    )
    row = editing.locator("#appearances-1")
    assert row.locator(".inline_label").inner_text().startswith("Vineta in #121")
    assert row.locator(".field-protection_summary .readonly").inner_text() == (
        "shown as first name only “Vineta”; organization hidden"
    )

    # Readers see the name shown, no link, and the role without the organization.
    reader.goto(EPISODE_PATH)
    speakers = reader.locator("ol.speakers > li")
    assert speakers.nth(1).inner_text() == "Vineta, Director"
    assert speakers.nth(1).locator("a").count() == 0
    page = reader.content()
    assert "Kleine" not in page
    assert ORGANIZATION not in page

    # The history says who changed what.
    editing.get_by_role("link", name="History").click()
    editing.wait_for_url(f"/admin/episodes/episode/{demo.pk}/history/")
    latest = editing.locator("#change-history tbody tr").first  # newest first
    assert "editor" in latest.inner_text()
    assert (
        latest.locator("td")
        .last.inner_text()
        .endswith("Protection of Vineta: shown as first name only “Vineta”; organization hidden.")
    )

    # The review lists the appearance, for an editor without the real name.
    editing.goto("/admin/")
    editing.get_by_role("link", name="Protected and withdrawn speakers").first.click()
    editing.wait_for_url("/admin/episodes/appearance/review/")
    cells = editing.locator("table[aria-labelledby=appearances-heading] tbody tr").first
    assert cells.locator("th, td").all_inner_texts()[:3] == [
        "Vineta",
        "#121 Ukraine and NATO partnership anniversary: joint achievements and challenges",
        "shown as first name only “Vineta”; organization hidden",
    ]
    assert "Kleine" not in editing.content()
    # The report's own part (the breadcrumbs' contrast is Django's).
    editing.evaluate(browsing.axe_source)
    violations = editing.evaluate(
        "async () => (await axe.run('#content-main', {resultTypes: ['violations']})).violations"
    )
    assert browsing.describe(violations) == ""
    assert editing.csp_reports == []
