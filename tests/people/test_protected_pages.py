"""The public pages of episodes and people show a protected speaker only as the editors
chose, and a withdrawn one not at all (docs/structure.md, "Protecting speakers")."""

import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.utils import timezone

from flames.episodes.models import Appearance, Episode
from flames.people.models import Consent, Person, PersonRedirect, Showing, Withdrawal
from tests import factories

pytestmark = pytest.mark.django_db

# Real names the public must never read: unique, so any byte of them is a leak.
PROTECTED = "Zoreslava Khmarynska"
WITHDRAWN = "Bohdanna Yasnohorska"
# The organization the protected person's role names, hidden with the name.
HIDDEN_ORGANIZATION = "Oleshky Field Hospital"
SECRETS = ("khmarynska", "yasnohorska", "bohdanna", "oleshky")


@dataclass
class Panel:
    host: Person
    public: Person  # on air under his name once, protected by the appearance once
    refused: Person  # public, refused a place in the directory
    protected: Person
    withdrawn: Person
    earlier: Episode
    kherson: Episode


@pytest.fixture
def panel(db) -> Panel:
    hub = factories.organization("Kherson Civic Hub", slug="kherson-civic-hub")
    hospital = factories.organization(HIDDEN_ORGANIZATION, slug="oleshky-field-hospital")
    occupation = factories.topic("Occupation", slug="occupation", name_uk="Окупація")
    host = factories.person("Olena Host", slug="olena-host")
    public = factories.person("Ostap Verbytskyi", slug="ostap-verbytskyi")
    refused = factories.person(
        "Marta Nezghodna", slug="marta-nezghodna", directory_consent=Consent.REFUSED
    )
    protected = factories.person(
        PROTECTED,
        slug="zoreslava-khmarynska",
        shown_as=Showing.FIRST_NAME,
        shown_name="Zoreslava",
        shown_name_uk="Зореслава",
        show_organization=False,
    )
    withdrawn = factories.person(
        WITHDRAWN,
        slug="bohdanna-yasnohorska",
        withdrawn_at=timezone.now(),
        withdrawal_reason=Withdrawal.ASKED,
    )
    PersonRedirect.objects.create(old_slug="b-yasnohorska", person=withdrawn)
    for person in (public, protected, withdrawn):
        factories.position(person, "Volunteer", organization=hub)
    factories.position(protected, "Nurse", organization=hospital)
    earlier = factories.episode(
        "Before the flood",
        slug="before-the-flood",
        number=51,
        air_time=factories.kyiv(2024, 5, 1),
        speakers=[
            (host, "Journalist"),
            (public, "Volunteer, Kherson Civic Hub"),
            (refused, "Analyst"),
            (withdrawn, "Volunteer, Kherson Civic Hub"),
        ],
    )
    kherson = factories.episode(
        "Voices from Kherson",
        slug="voices-from-kherson",
        number=52,
        air_time=factories.kyiv(2024, 6, 1),
        speakers=[(host, "Journalist"), (protected, f"Nurse, {HIDDEN_ORGANIZATION}")],
    )
    Appearance.objects.filter(episode=kherson, person=host).update(part=Appearance.Part.MODERATOR)
    Appearance.objects.filter(episode=kherson, person=protected).update(
        announced_title="Nurse", announced_title_uk="Медсестра"
    )
    Appearance.objects.create(
        episode=kherson,
        person=public,
        order=3,
        announced_as="Volunteer, Kherson Civic Hub",
        shown_as=Showing.DESCRIPTION,
        shown_name="A resident of occupied Kherson",
        shown_name_uk="Мешканець окупованої Херсонщини",
    )
    Appearance.objects.create(episode=kherson, person=withdrawn, order=4, announced_as="Medic")
    Appearance.objects.create(episode=kherson, person=refused, order=5, withdrawn_at=timezone.now())
    for episode in (earlier, kherson):
        episode.topics.add(occupation)
    return Panel(host, public, refused, protected, withdrawn, earlier, kherson)


def main_of(response) -> str:
    return re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S).group(1)


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def speakers_of(response) -> list[tuple[str, str | None]]:
    """The episode page's panel: each speaker's line and where the name links, if it does."""
    panel = re.search(r'<ol class="speakers">(.*?)</ol>', response.content.decode(), re.S)
    return [
        (
            unescape(re.sub(r"<[^>]+>", "", item)),
            (re.findall(r'<a href="([^"]+)"', item) or [None])[0],
        )
        for item in re.findall(r"<li>(.*?)</li>", panel.group(1), re.S)
    ]


def list_speakers(response) -> dict[str, str]:
    """Each listed episode's title with its line of speakers."""
    items = re.findall(
        r'<li class="episode-item">.*?<a href="[^"]+">([^<]+)</a>.*?'
        r'(?:<p class="speakers">([^<]*)</p>)?\s*</li>',
        response.content.decode(),
        re.S,
    )
    return {unescape(title): unescape(names) for title, names in items}


def assert_names_nobody(response):
    page = response.content.decode().lower()
    assert [secret for secret in SECRETS if secret in page] == []


def test_episode_page_shows_protected_speakers_as_chosen_without_a_link(client, panel):
    english = client.get("/en/episodes/voices-from-kherson/")
    ukrainian = client.get("/uk/episodes/voices-from-kherson/")

    assert speakers_of(english) == [
        ("Olena Host (Moderator), Journalist", "/en/people/olena-host/"),
        ("Zoreslava, Nurse", None),
        ("A resident of occupied Kherson, Volunteer, Kherson Civic Hub", None),
    ]
    assert speakers_of(ukrainian) == [
        ("Olena Host (Модератор), Journalist", "/uk/people/olena-host/"),
        ("Зореслава, Медсестра", None),
        ("Мешканець окупованої Херсонщини, Volunteer, Kherson Civic Hub", None),
    ]
    for response in (english, ukrainian):
        main = main_of(response).lower()
        assert [secret for secret in SECRETS if secret in main] == []
        assert "ostap" not in main
        assert "/people/ostap-verbytskyi/" not in main


def test_no_byte_of_the_episode_page_names_a_protected_or_withdrawn_speaker(client, panel):
    for language in ("en", "uk"):
        assert_names_nobody(client.get(f"/{language}/episodes/voices-from-kherson/"))
        assert_names_nobody(client.get(f"/{language}/episodes/before-the-flood/"))


def test_lists_name_protected_speakers_as_chosen_and_withdrawn_ones_not_at_all(client, panel):
    english = {
        "Voices from Kherson": "Olena Host, Zoreslava, A resident of occupied Kherson",
        "Before the flood": "Olena Host, Ostap Verbytskyi, Marta Nezghodna",
    }
    ukrainian = {
        "Voices from Kherson": "Olena Host, Зореслава, Мешканець окупованої Херсонщини",
        "Before the flood": "Olena Host, Ostap Verbytskyi, Marta Nezghodna",
    }
    for language, expected in (("en", english), ("uk", ukrainian)):
        for path in ("/", "/episodes/", "/topics/occupation/", "/episodes/?topic=occupation"):
            response = client.get(f"/{language}{path}")
            assert response.status_code == 200
            assert list_speakers(response) == expected, (language, path)
            assert_names_nobody(response)


def test_a_protected_person_has_no_page(client, panel):
    PersonRedirect.objects.create(old_slug="z-khmarynska", person=panel.protected)

    for language in ("en", "uk"):
        assert client.get(f"/{language}/people/zoreslava-khmarynska/").status_code == 404
        # Not even a redirect: its address would name her.
        assert client.get(f"/{language}/people/z-khmarynska/").status_code == 404


@pytest.mark.parametrize(
    ("language", "explanation"),
    [
        (
            "en",
            "Page removed This person’s page has been removed, at their request or for "
            "their safety. Browse all episodes",
        ),
        (
            "uk",
            "Сторінку вилучено Сторінку цієї людини вилучено на її прохання або заради її "
            "безпеки. Переглянути всі випуски",
        ),
    ],
)
@pytest.mark.parametrize("slug", ["bohdanna-yasnohorska", "b-yasnohorska"])
def test_a_withdrawn_persons_page_is_gone_and_names_nobody(
    client, panel, language, explanation, slug
):
    response = client.get(f"/{language}/people/{slug}/")

    assert response.status_code == 410
    assert "Location" not in response
    assert text(main_of(response)) == explanation
    assert_names_nobody(response)


def test_a_persons_page_lists_only_the_episodes_they_are_named_in(client, panel):
    for language in ("en", "uk"):
        response = client.get(f"/{language}/people/ostap-verbytskyi/")

        assert response.status_code == 200
        assert list(list_speakers(response)) == ["Before the flood"]
        assert "Voices from Kherson" not in response.content.decode()


def test_a_persons_page_shows_their_role_without_the_organization_they_hid(client, panel):
    Appearance.objects.filter(episode=panel.earlier, person=panel.public).update(
        show_organization=False, announced_title="Volunteer"
    )

    response = client.get("/en/people/ostap-verbytskyi/")

    assert "Announced as: Volunteer</p>" in response.content.decode()
    assert "Announced as: Volunteer, Kherson Civic Hub" not in response.content.decode()


def test_the_directory_lists_and_counts_people_by_their_named_appearances(client, panel):
    for language, counted in (("en", "1 episode"), ("uk", "1 випуск")):
        response = client.get(f"/{language}/people/")
        letters = re.findall(r'<a href="\?letter=([^"]+)"', response.content.decode())
        assert letters == ["H", "V"]
        for letter in ("K", "Y", "N"):
            # A letter no one listed is under shows the first one.
            assert "Olena Host" in text(main_of(client.get(f"/{language}/people/?letter={letter}")))
            assert_names_nobody(client.get(f"/{language}/people/?letter={letter}"))

        listed = text(main_of(client.get(f"/{language}/people/?letter=V")))
        assert listed.endswith(f"V Ostap Verbytskyi {counted}")


def test_an_organization_page_names_its_public_people_and_their_named_episodes(client, panel):
    for language in ("en", "uk"):
        response = client.get(f"/{language}/organizations/kherson-civic-hub/")

        html = response.content.decode()
        people = re.search(r'<ul class="people">(.*?)</ul>', html, re.S).group(1)
        assert text(people) == "Ostap Verbytskyi"
        assert list(list_speakers(response)) == ["Before the flood"]
        assert_names_nobody(response)


def test_a_topic_page_names_and_counts_speakers_by_their_named_appearances(client, panel):
    for language in ("en", "uk"):
        response = client.get(f"/{language}/topics/occupation/")

        html = response.content.decode()
        speakers = re.search(r'<ul class="people">(.*?)</ul>', html, re.S).group(1)
        assert text(speakers) == "Olena Host (2) Marta Nezghodna (1) Ostap Verbytskyi (1)"


def test_someone_seen_only_under_protected_names_has_no_page_until_named_on_a_panel(client):
    person = factories.person("Myroslava Tykhonenko", slug="myroslava-tykhonenko")
    address = "/en/people/myroslava-tykhonenko/"
    assert client.get(address).status_code == 200  # on no panel yet: an editor's entry

    kherson = factories.episode("Kherson", speakers=[person])
    kherson.appearances.update(shown_as=Showing.FIRST_NAME, shown_name="Myroslava")
    assert client.get(address).status_code == 404
    assert client.get("/en/feeds/people/myroslava-tykhonenko.rss").status_code == 404

    factories.episode("Odesa", speakers=[person])
    assert client.get(address).status_code == 200
