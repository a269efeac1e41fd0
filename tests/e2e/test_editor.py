"""An editor builds an episode in the back office and publishes it."""

import pytest
from django.contrib.auth import get_user_model

from flames.backoffice import staff
from flames.episodes.models import Episode
from flames.people.models import Person

pytestmark = pytest.mark.browser

TITLE = "Winter resilience: keeping the lights on under fire"
SLUG = "122-winter-resilience-keeping-the-lights-on-under-fire"
EPISODE_PATH = f"/en/episodes/{SLUG}/"
SPEAKER = "Olena Kovalenko"


@pytest.fixture
def editor(demo):
    """An editor as `flames demo --editor` makes one: staff in the Editors group."""
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
    assert page.locator("h1").inner_text() == "Site administration"


def create_person(page) -> None:
    page.goto("/admin/people/person/add/")
    # Typed key by key: the admin's own script fills the slug in as the name is typed.
    page.locator("#id_name").press_sequentially(SPEAKER)
    assert page.input_value("#id_slug") == "olena-kovalenko"
    page.locator("input[name=_save]").click()
    page.wait_for_url("/admin/people/person/")
    assert page.locator(".messagelist .success").inner_text() == (
        f"The person “{SPEAKER}” was added successfully."
    )


def create_episode(page, series_title: str) -> None:
    page.goto("/admin/episodes/episode/add/")
    page.select_option("#id_series", label=series_title)
    page.fill("#id_number", "122")
    page.locator("#id_title").press_sequentially(TITLE)
    # Left empty, the slug is made from number and title on save, as imports make it.
    assert page.input_value("#id_slug") == ""
    assert page.input_value("#id_status") == "draft"
    # The panel: pick the new person from the searchable list.
    row = page.locator("#appearances-0")
    row.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially("Kovalen")
    option = page.locator(".select2-results__option", has_text=SPEAKER)
    option.click()
    assert row.locator(".select2-selection__rendered").inner_text().endswith(SPEAKER)
    row.locator("input[name='appearances-0-announced_as']").fill("Energy analyst")
    page.locator("input[name=_save]").click()
    page.wait_for_url("/admin/episodes/episode/")
    assert page.locator(".messagelist .success").inner_text().startswith("The episode “#122 ")


def test_editor_publishes_episode(browsing, editor, demo):
    editing = browsing.new_page()
    sign_in(editing)
    create_person(editing)
    create_episode(editing, series_title=demo.series.title)

    episode = Episode.objects.get(slug=SLUG)
    assert episode.status == Episode.Status.DRAFT
    assert [(a.person.name, a.announced_as) for a in episode.appearances.all()] == [
        (SPEAKER, "Energy analyst")
    ]
    assert Person.objects.get(name=SPEAKER).slug == "olena-kovalenko"

    # A draft is not public, but its editor can preview it at its address.
    reader = browsing.new_page()
    response = reader.goto(EPISODE_PATH)
    assert response.status == 404
    assert reader.locator("h1").inner_text() == "Page not found"
    response = editing.goto(EPISODE_PATH)
    assert response.status == 200
    assert editing.locator("h1").inner_text() == TITLE
    assert editing.get_by_role("status").inner_text() == (
        "Preview: this episode is not public (Draft)."
    )

    # Publish it with the list's action.
    editing.goto("/admin/episodes/episode/")
    editing.locator(f"input[name=_selected_action][value='{episode.pk}']").check()
    editing.select_option("select[name=action]", label="Publish selected episodes")
    with editing.expect_navigation():
        editing.get_by_role("button", name="Go").click()
    assert editing.locator(".messagelist .success").inner_text() == "1 episode published."
    episode.refresh_from_db()
    assert episode.status == Episode.Status.PUBLISHED

    # Anyone can now read it, speaker included.
    public = browsing.new_page()
    response = public.goto(EPISODE_PATH)
    assert response.status == 200
    assert public.locator("h1").inner_text() == TITLE
    assert public.locator(".notice").count() == 0
    assert public.locator("ol.speakers > li").all_inner_texts() == [f"{SPEAKER}, Energy analyst"]
    public.get_by_role("link", name=SPEAKER, exact=True).click()
    public.wait_for_url("/en/people/olena-kovalenko/")
    assert public.locator("h1").inner_text() == SPEAKER
    assert public.locator("section[aria-labelledby=episodes-heading] h3").all_inner_texts() == [
        TITLE
    ]
    assert public.csp_reports == []
    assert editing.csp_reports == []
