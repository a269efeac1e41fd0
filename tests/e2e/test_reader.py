"""A reader follows links from the home page through episodes and people."""

import pytest

from tests.journey import DEMO_PATH, DEMO_TITLE, LATER_SLUG, LATER_TITLE

pytestmark = pytest.mark.browser


def test_reader_journey_home_episode_speaker_other_episode(browsing, later_episode):
    page = browsing.new_page()

    page.goto("/en/")
    assert page.locator("h1").inner_text() == "Ukraine in Flames"
    latest = page.locator("section[aria-labelledby=latest-heading] h3")
    assert latest.all_inner_texts() == [LATER_TITLE, DEMO_TITLE]

    page.get_by_role("link", name=DEMO_TITLE, exact=True).click()
    page.wait_for_url(f"{DEMO_PATH}")
    assert browsing.path(page) == DEMO_PATH
    assert page.locator("h1").inner_text() == DEMO_TITLE
    assert page.title() == f"{DEMO_TITLE} — Ukraine in Flames"
    neighbours = page.get_by_role("navigation", name="More episodes")
    assert neighbours.locator("a[rel=prev]").count() == 0
    assert neighbours.locator("a[rel=next]").get_attribute("href") == (
        f"/en/episodes/{LATER_SLUG}/"
    )
    speakers = page.locator("ol.speakers > li > a")
    assert speakers.all_inner_texts() == [
        "Emine Dzheppar",
        "Vineta Kleine",
        "Baiba Braže",
        "Karen McTear",
        "Volodymyr Ogryzko",
        "Ivanna Klympush-Tsintsadze",
        "Valeriy Chaly",
    ]

    speakers.get_by_text("Valeriy Chaly", exact=True).click()
    page.wait_for_url("/en/people/valeriy-chaly/")
    assert browsing.path(page) == "/en/people/valeriy-chaly/"
    assert page.locator("h1").inner_text() == "Valeriy Chaly"
    appearances = page.locator("section[aria-labelledby=episodes-heading] li")
    assert appearances.locator("h3").all_inner_texts() == [LATER_TITLE, DEMO_TITLE]
    assert appearances.locator(".role").all_inner_texts() == [
        "Announced as: Chair of the UCMC Board",
        "Announced as: Chair of the UCMC Board, Ambassador Extraordinary and Plenipotentiary "
        "of Ukraine to the USA (2015-2019)",
    ]

    page.get_by_role("link", name=LATER_TITLE, exact=True).click()
    page.wait_for_url(f"/en/episodes/{LATER_SLUG}/")
    assert browsing.path(page) == f"/en/episodes/{LATER_SLUG}/"
    assert page.locator("h1").inner_text() == LATER_TITLE
    assert page.locator("ol.speakers > li").all_inner_texts() == [
        "Valeriy Chaly, Chair of the UCMC Board"
    ]
    neighbours = page.get_by_role("navigation", name="More episodes")
    assert neighbours.locator("a[rel=prev]").get_attribute("href") == DEMO_PATH
    assert neighbours.locator("a[rel=next]").count() == 0

    # The language switcher keeps the reader on the same page.
    page.locator("ul.languages").get_by_role("link", name="Українська").click()
    page.wait_for_url(f"/uk/episodes/{LATER_SLUG}/")
    assert browsing.path(page) == f"/uk/episodes/{LATER_SLUG}/"
    assert page.evaluate("document.documentElement.lang") == "uk"
    assert page.locator("a.brand").text_content() == "Україна в огні"
    assert page.locator("h1").inner_text() == LATER_TITLE
    current = page.locator("ul.languages a[aria-current]")
    assert current.inner_text() == "Українська"
    page.locator("ul.languages").get_by_role("link", name="English").click()
    page.wait_for_url(f"/en/episodes/{LATER_SLUG}/")
    assert browsing.path(page) == f"/en/episodes/{LATER_SLUG}/"

    assert page.csp_reports == []
    assert browsing.third_party_requests(page) == []
