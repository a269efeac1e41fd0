"""Search and protected speakers: a person has an entry only while the public may know
them and they did not refuse the directory; an episode's entry holds its speakers as the
page shows them; and a change of protection, withdrawal or consent reaches every entry
that showed the person, so the index never keeps a name it must not.

Like every search test, these run on SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest
from django.db import connection
from django.utils import timezone

from flames.episodes.models import Appearance
from flames.people.models import Consent, Person, PersonName, Position, Showing
from flames.people.names import name_key
from flames.people.services import create_person
from flames.search import documents
from flames.search.models import SearchEntry
from flames.search.schema import VOCABULARY
from flames.search.selectors import search_filters
from tests import factories
from tests.factories import transcript
from tests.search.conftest import found

POWER = ("episode", "Power under occupation", None)


def traces(*words: str) -> list[str]:
    """What the index could hold of these words: themselves, in lower case, and the
    name keys it finds names by ("Khmarynska": "hmarinska")."""
    return list(dict.fromkeys(found for word in words for found in (word.lower(), name_key(word))))


# What of Zoreslava Khmarynska and of the withdrawn Ostap Vyshnevetskyi the index must not
# hold, in both scripts.
NEVER = traces(
    "Khmarynska",
    "Хмаринська",
    "Radiozavod",
    "Радіозавод",
    "Kakhovka",
    "Каховка",
    "Ostap",
    "Остап",
    "Vyshnevetskyi",
    "Вишневецький",
    "Pivdennyi",
)


def index_text() -> str:
    """Every text of the index: its entries, and the vocabulary prefixes are looked up in."""
    columns = ["title", "title_uk", "slug", "body", "title_terms", "names_terms", "body_terms"]
    texts = [text for row in SearchEntry.objects.values_list(*columns) for text in row]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term FROM {VOCABULARY}")
        texts += [term for (term,) in cursor.fetchall()]
    return "\n".join(texts).lower()


def assert_index_names_no_one():
    text = index_text()
    assert [word for word in NEVER if word in text] == []


def protect(who, **fields):
    for name, value in {"shown_as": Showing.FIRST_NAME, **fields}.items():
        setattr(who, name, value)
    who.save()


@pytest.fixture
def power(db, committed):
    """An episode with a moderator, Zoreslava Khmarynska shown by her first name without
    her organization, and the withdrawn Ostap Vyshnevetskyi."""
    with committed():
        host = create_person(name="Olena Halushka")
        zoreslava = create_person(name="Zoreslava Khmarynska")
        PersonName.objects.create(person=zoreslava, name="Зореслава Хмаринська")
        protect(zoreslava, shown_name="Zoreslava", shown_name_uk="Зореслава")
        factories.position(zoreslava, "Engineer, Radiozavod Nova Kakhovka")
        ostap = create_person(name="Ostap Vyshnevetskyi")
        episode = factories.episode(
            "Power under occupation",
            slug="power",
            air_time=factories.kyiv(2024, 3, 1),
            summary="How the grid held.",
            speakers=[(host, "Moderator")],
        )
        Appearance.objects.create(
            episode=episode,
            person=zoreslava,
            order=2,
            announced_as="Engineer, Radiozavod Nova Kakhovka",
            announced_as_uk="Інженерка, Радіозавод Нова Каховка",
            announced_title="Engineer",
            announced_title_uk="Інженерка",
            shown_as=Showing.FIRST_NAME,
            shown_name="Zoreslava",
            shown_name_uk="Зореслава",
            show_organization=False,
        )
        Appearance.objects.create(
            episode=episode, person=ostap, order=3, announced_as="Adviser, Hromada Pivdennyi Buh"
        )
        ostap.withdrawn_at = timezone.now()
        ostap.save()
    return episode


@pytest.mark.parametrize("text", ["Zoreslava", "Зореслава", "Engineer", "Інженерка"])
def test_an_episode_is_found_by_its_speaker_as_shown(power, text):
    assert found(text) == [POWER]


@pytest.mark.parametrize(
    "text",
    ["Khmarynska", "Хмаринська", "Radiozavod", "Kakhovka", "Ostap", "Vyshnevetskyi"],
)
def test_neither_episode_nor_person_is_found_by_a_hidden_name(power, text):
    assert found(text) == []


def test_the_index_holds_no_hidden_name(power):
    assert_index_names_no_one()
    assert set(SearchEntry.objects.filter(kind="person").values_list("title", flat=True)) == {
        "Olena Halushka"
    }


def test_person_filter_takes_only_people_the_public_may_know(power):
    people = {person.name: person.slug for person in Person.objects.all()}

    assert search_filters(person=people["Olena Halushka"]).person.name == "Olena Halushka"
    assert search_filters(person=people["Zoreslava Khmarynska"]).person is None
    assert search_filters(person=people["Ostap Vyshnevetskyi"]).person is None


def test_results_page_ignores_the_filter_of_a_protected_person(client, power):
    slug = Person.objects.get(name="Zoreslava Khmarynska").slug

    response = client.get("/en/search/", {"q": "grid", "person": slug})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2><a href="/en/episodes/power/">Power under occupation</a></h2>' in html
    assert '<p class="person-filter">' not in html
    # The address the reader typed is echoed (language links), but not the name.
    assert "Khmarynska" not in html


def test_a_person_known_only_under_a_protected_appearance_is_not_found(db, committed):
    with committed():
        public = create_person(name="Iryna Zakhystova")
        episode = factories.episode("Quiet voices", slug="quiet")
        Appearance.objects.create(
            episode=episode, person=public, shown_as=Showing.PSEUDONYM, shown_name="Sova"
        )

    assert found("Zakhystova") == []
    assert found("Sova") == [("episode", "Quiet voices", None)]


@pytest.fixture
def named(db, committed):
    """Halyna Berezhnytska, an engineer of Radiozavod Nova Kakhovka, on an episode by her
    full name."""
    with committed():
        halyna = create_person(name="Halyna Berezhnytska")
        PersonName.objects.create(person=halyna, name="Галина Бережницька")
        factories.position(halyna, "Engineer, Radiozavod Nova Kakhovka")
        factories.episode(
            "Power under occupation",
            slug="power",
            air_time=factories.kyiv(2024, 3, 1),
            speakers=[(halyna, "Engineer, Radiozavod Nova Kakhovka")],
        )
    return halyna


HALYNA = ("person", "Halyna Berezhnytska", None)
HIDDEN = traces("Berezhnytska", "Бережницька")


def assert_index_holds_none_of(words):
    text = index_text()
    assert [word for word in words if word in text] == []


def test_protecting_a_person_rewrites_their_entry_and_episodes(named, committed):
    assert found("Berezhnytska") == [HALYNA, POWER]

    with committed():
        protect(named, shown_name="Halyna", shown_name_uk="Галина")

    assert found("Berezhnytska") == []
    assert found("Бережницька") == []
    assert found("Halyna") == [POWER]
    assert_index_holds_none_of(HIDDEN)
    assert search_filters(person=named.slug).person is None


def test_withdrawing_a_person_rewrites_their_entry_and_episodes(named, committed):
    with committed():
        named.withdrawn_at = timezone.now()
        named.save()

    assert found("Berezhnytska") == []
    assert found("Radiozavod") == []
    assert found("Power") == [POWER]
    assert_index_holds_none_of([*HIDDEN, *traces("Radiozavod")])


def test_refusing_the_directory_takes_the_person_entry_only(named, committed):
    with committed():
        named.directory_consent = Consent.REFUSED
        named.save()

    assert found("Berezhnytska") == [POWER]
    assert found("Power", person=named) == [POWER]


def test_protecting_a_person_out_of_the_directory_rewrites_their_episodes(named, committed):
    """Without an entry before or after, nothing in the index tells what changed."""
    with committed():
        named.directory_consent = Consent.REFUSED
        named.save()
    with committed():
        protect(named, shown_name="Halyna")

    assert found("Berezhnytska") == []
    assert found("Halyna") == [POWER]
    assert_index_holds_none_of(HIDDEN)


def test_hiding_a_persons_organization_rewrites_their_entry_and_episodes(named, committed):
    with committed():
        radiozavod = factories.organization("Radiozavod Nova Kakhovka", slug="radiozavod")
        Position.objects.filter(person=named).update(title="Engineer", organization=radiozavod)
        Appearance.objects.filter(person=named).update(announced_title="Engineer")
    organization = ("organization", "Radiozavod Nova Kakhovka", None)
    with committed():
        named.show_organization = False
        named.save()

    assert found("Radiozavod") == [organization]
    assert sorted(found("Engineer")) == [POWER, HALYNA]
    shown = SearchEntry.objects.exclude(kind="organization")
    text = " ".join(t for row in shown.values_list("body", "body_terms") for t in row).lower()
    assert "radiozavod" not in text

    with committed():
        named.show_organization = True
        named.save()

    assert sorted(found("Radiozavod")) == [POWER, organization, HALYNA]


def test_lifting_a_protection_brings_the_person_back(named, committed):
    with committed():
        protect(named, shown_name="Halyna")
    assert found("Berezhnytska") == []
    with committed():
        protect(named, shown_as=Showing.FULL_NAME)

    assert found("Berezhnytska") == [HALYNA, POWER]
    assert found("Power", person=named) == [POWER]


def test_protecting_an_appearance_rewrites_the_episode(named, committed):
    appearance = Appearance.objects.get(person=named)
    with committed():
        protect(
            appearance, shown_name="Halyna", announced_title="Engineer", show_organization=False
        )

    assert found("Power", person=named) == []
    assert found("Halyna") == [POWER]
    # Her own entry stays (she is public), but leads to no episode that shows her.
    assert found("Berezhnytska") == []
    episodes = SearchEntry.objects.filter(kind="episode")
    text = " ".join(t for row in episodes.values_list("names_terms", "body_terms") for t in row)
    assert [word for word in [*HIDDEN, *traces("Radiozavod")] if word in text] == []


def test_withdrawing_an_appearance_rewrites_the_episode(named, committed):
    appearance = Appearance.objects.get(person=named)
    with committed():
        appearance.withdrawn_at = timezone.now()
        appearance.save()

    assert found("Power") == [POWER]
    assert found("Engineer") == []
    assert found("Power", person=named) == []


def test_a_panel_change_rewrites_the_passages_it_labels(named, committed, monkeypatch):
    episode = Appearance.objects.get(person=named).episode
    with committed():
        captions = transcript(episode, (0, 40, "Halyna Berezhnytska", "The grid held."))
    rewritten = []
    build = documents.passage_entries
    monkeypatch.setattr(
        documents, "passage_entries", lambda ids: rewritten.append(ids) or build(ids)
    )

    with committed():
        protect(Appearance.objects.get(person=named), shown_name="Halyna")

    assert rewritten == [{captions.pk}]
