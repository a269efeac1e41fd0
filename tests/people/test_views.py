import re

import pytest

from tests import factories
from tests.episodes.test_views import text_of

pytestmark = pytest.mark.django_db


def test_person_page_shows_spellings_positions_and_history(client, demo):
    chaly = demo.appearances.get(person__slug="valeriy-chaly").person
    later = factories.episode(
        "A later talk",
        slug="later",
        air_time=factories.kyiv(2030, 1, 1),
        speakers=[(chaly, "Chair of the UCMC Board")],
    )
    factories.episode("Hidden", slug="hidden", status="draft", speakers=[chaly])

    response = client.get("/en/people/valeriy-chaly/")

    text = text_of(response)
    assert text.startswith("Valeriy Chaly Also written as: Валерій Чалий Positions")
    assert (
        "Positions Chair of the Board, Ukraine Crisis Media Center "
        "Ambassador Extraordinary and Plenipotentiary of Ukraine to the USA (2015–2019)"
    ) in text
    episodes = re.findall(r'<h3><a href="([^"]+)">', response.content.decode())
    assert episodes == [later.get_absolute_url(), demo.get_absolute_url()]
    assert "Announced as: Chair of the UCMC Board" in text
    assert "Hidden" not in text


def test_unknown_person_is_not_found(client, db):
    assert client.get("/en/people/nobody/").status_code == 404


def test_directory_groups_people_by_surname_initial(client, db):
    klimkin = factories.person("Pavlo Klimkin")
    kuleba = factories.person("Dmytro Kuleba")
    chaly = factories.person("Valeriy Chaly")
    factories.person("Never Appeared")
    factories.episode("One", speakers=[klimkin, kuleba, chaly])
    factories.episode("Two", speakers=[klimkin])
    # Drafts are not public: they add no count, and nobody is listed for them alone.
    factories.episode("Draft", status="draft", speakers=[klimkin, factories.person("Olha Draft")])

    default = text_of(client.get("/en/people/"))
    letter_k = text_of(client.get("/en/people/?letter=K"))

    assert default == "People C K C Valeriy Chaly 1 episode"
    assert letter_k == "People C K K Pavlo Klimkin 2 episodes Dmytro Kuleba 1 episode"


def test_organization_pages_after_the_first_list_episodes_and_link_to_the_people(
    client, db, monkeypatch
):
    from flames.episodes import selectors as episode_selectors

    monkeypatch.setattr(episode_selectors, "EPISODES_PER_PAGE", 1)
    ucmc = factories.organization("Ukraine Crisis Media Center", slug="ucmc", kind="ngo")
    chaly = factories.person("Valeriy Chaly")
    factories.position(chaly, "Chair of the Board", organization=ucmc)
    factories.episode("Earlier", speakers=[chaly], air_time=factories.kyiv(2024, 1, 1))
    factories.episode("Later", speakers=[chaly], air_time=factories.kyiv(2025, 1, 1))

    first = client.get("/en/organizations/ucmc/").content.decode()
    second = client.get("/en/organizations/ucmc/?page=2").content.decode()

    assert text_of(client.get("/uk/organizations/ucmc/?page=2")) == (
        "Ukraine Crisis Media Center Громадська організація Люди з цієї організації — на першій"
        " сторінці Випуски 01 січня 2024 р. Earlier Valeriy Chaly Новіші Сторінка 2 з 2"
    )
    assert text_of(client.get("/en/organizations/ucmc/?page=2")) == (
        "Ukraine Crisis Media Center NGO People from this organization are listed on the first"
        " page Episodes 1 January 2024 Earlier Valeriy Chaly Newer Page 2 of 2"
    )
    assert '<a href="/en/organizations/ucmc/">People from this organization' in second
    assert '"member"' in first and '"member"' not in second
    people = (
        f'<ul class="people"><li><a href="{chaly.get_absolute_url()}">Valeriy Chaly</a></li></ul>'
    )
    assert people in first and '<ul class="people">' not in second


def test_organization_page_lists_people_and_their_episodes(client, db):
    ucmc = factories.organization("Ukraine Crisis Media Center", slug="ucmc", kind="ngo")
    chaly = factories.person("Valeriy Chaly")
    factories.position(chaly, "Chair of the Board", organization=ucmc)
    factories.episode("With Chaly", speakers=[chaly])
    factories.episode("Without", speakers=[factories.person("Someone Else")])

    text = text_of(client.get("/en/organizations/ucmc/"))

    assert text == (
        "Ukraine Crisis Media Center NGO People Valeriy Chaly Episodes With Chaly Valeriy Chaly"
    )
