"""Importing announcements into episodes, people and roles (services, real database)."""

import pytest
from django.db import connection

from flames.episodes.models import Appearance, Episode, Partnership
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.parsing import AnnouncementError
from flames.ingest.services import apply_plan, import_announcement, plan_import
from flames.people import services as people
from flames.people.models import Person, Position
from flames.support.models import CallToAction
from tests import factories
from tests.samples import SAMPLES, SEED

pytestmark = pytest.mark.django_db

SEED_TEXT = SEED.read_text()
SEED_UK = (SAMPLES / "121-uk.txt").read_text()

CLOSING = (
    "UKRAINE IN FLAMES project is created by Ukraine Crisis Media Center and NGO "
    "“Euroatlantic Course”. We are aiming at searching a loud support for Ukraine.\n\n"
    "If you want to support Ukraine against Russian aggression, check the link with "
    "recommendations by Ukraine Crisis Media Center – https://example.org/recommendations\n\n"
    "NGO Euroatlantic Course collects donations to support Ukrainian Army and civilians –\n"
)


def announcement(title, speakers, *, number=None, summary="The panel talks about things."):
    watch = f" Watch Ukraine in Flames #{number}." if number else ""
    bullets = "\n".join(f"• {line}" for line in speakers)
    return f"{title}\n\n{summary}{watch}\n\n{bullets}\n\n{CLOSING}"


def test_import_creates_episode_people_roles_partners_and_actions():
    text = announcement(
        "Grain corridor under fire",
        ["Marta Kovalenko, analyst at Odesa Policy Lab (2019-2021)", "Ostap Lysyi, economist"],
        number=300,
    )

    result = import_announcement(text=text, source="300.txt")

    episode = result.episode
    assert (result.action, result.matched, result.new_people, result.review) == ("created", 0, 2, 0)
    assert (episode.number, episode.title, episode.status, episode.language) == (
        300,
        "Grain corridor under fire",
        "draft",
        "en",
    )
    assert episode.slug == "300-grain-corridor-under-fire"
    assert [(a.person.name, a.announced_as) for a in episode.appearances.all()] == [
        ("Marta Kovalenko", "analyst at Odesa Policy Lab (2019-2021)"),
        ("Ostap Lysyi", "economist"),
    ]
    position = Position.objects.get(person__name="Marta Kovalenko")
    assert (position.title, position.organization.name, position.start_year, position.end_year) == (
        "analyst",
        "Odesa Policy Lab",
        2019,
        2021,
    )
    assert sorted(Partnership.objects.values_list("organization__name", flat=True)) == [
        'NGO "Euroatlantic Course"',
        "Ukraine Crisis Media Center",
    ]
    assert sorted(CallToAction.objects.values_list("kind", "url")) == [
        ("donation", ""),
        ("recommendations", "https://example.org/recommendations"),
    ]


def test_import_stores_a_www_link_with_its_scheme():
    text = announcement("Grain corridor", ["Marta Kovalenko, analyst"], number=302).replace(
        "https://example.org/recommendations", "www.example.org/recommendations"
    )

    import_announcement(text=text, source="302.txt")

    with connection.cursor() as cursor:  # what is stored, not what the field reads back
        cursor.execute("SELECT url FROM support_calltoaction WHERE kind = 'recommendations'")
        assert cursor.fetchall() == [("https://www.example.org/recommendations",)]


def test_import_same_text_twice_changes_nothing():
    text = announcement("Sanctions", ["Marta Kovalenko, analyst"], number=301)
    import_announcement(text=text, source="a.txt")

    again = import_announcement(text=text, source="copy-of-a.txt")

    assert again.action == "unchanged"
    assert (Episode.objects.count(), Person.objects.count(), Appearance.objects.count()) == (
        1,
        1,
        1,
    )


def test_text_stored_between_planning_and_applying_follows_the_later_import():
    text = announcement("Sanctions", ["Marta Kovalenko, analyst"], number=301)
    first, second = plan_import(text=text, source="a.txt"), plan_import(text=text, source="b.txt")
    apply_plan(first)

    result = apply_plan(second)

    stored = ImportedAnnouncement.objects.get()
    assert (stored.source, stored.episode_id) == ("b.txt", result.episode.pk)


def test_edited_announcement_updates_its_episode():
    import_announcement(
        text=announcement("Sanctons that bite", ["Marta Kovalenko, analyst"], number=302),
        source="302.txt",
    )

    result = import_announcement(
        text=announcement(
            "Sanctions that bite",
            ["Marta Kovalenko, analyst", "Ostap Lysyi, economist"],
            number=302,
        ),
        source="302.txt",
    )

    assert result.action == "updated"
    episode = Episode.objects.get()
    assert episode.title == "Sanctions that bite"
    assert [a.person.name for a in episode.appearances.all()] == ["Marta Kovalenko", "Ostap Lysyi"]


def test_two_episodes_sharing_a_number_stay_two():
    import_announcement(
        text=announcement("Energy front", ["Marta Kovalenko, analyst"], number=177),
        source="177.txt",
    )
    import_announcement(
        text=announcement("Cultural front", ["Ostap Lysyi, economist"], number=177),
        source="177-second.txt",
    )

    assert sorted(Episode.objects.values_list("number", "title")) == [
        (177, "Cultural front"),
        (177, "Energy front"),
    ]
    assert Episode.objects.values("slug").distinct().count() == 2


def test_seed_then_ukrainian_announcement_leaves_seven_people_with_both_spellings():
    import_announcement(text=SEED_TEXT, source="seed.txt")
    result = import_announcement(text=SEED_UK, source="121-uk.txt")

    assert result.action == "updated"
    assert (result.matched, result.new_people) == (7, 0)
    spellings = {
        person.name: sorted(name.name for name in person.names.all())
        for person in Person.objects.prefetch_related("names")
    }
    assert spellings == {
        "Emine Dzheppar": ["Emine Dzheppar", "Еміне Джеппар"],
        "Vineta Kleine": ["Vineta Kleine", "Вінета Клейне"],
        "Baiba Braže": ["Baiba Braže", "Байба Браже"],
        "Karen McTear": ["Karen McTear", "Карен МакТір"],
        "Volodymyr Ogryzko": ["Volodymyr Ogryzko", "Володимир Огризко"],
        "Ivanna Klympush-Tsintsadze": ["Ivanna Klympush-Tsintsadze", "Іванна Климпуш-Цинцадзе"],
        "Valeriy Chaly": ["Valeriy Chaly", "Валерій Чалий"],
    }
    episode = Episode.objects.get()
    assert episode.number == 121
    assert episode.title_uk == "Партнерство України та НАТО: спільні досягнення та виклики"
    ogryzko = episode.appearances.get(person__name="Volodymyr Ogryzko")
    assert ogryzko.announced_as == "Minister of Foreign Affairs of Ukraine (2007-2009)"
    assert ogryzko.announced_as_uk == "міністр закордонних справ України (2007–2009)"


def test_ukrainian_first_then_english_fills_both_languages():
    import_announcement(text=SEED_UK, source="121-uk.txt")
    import_announcement(text=SEED_TEXT, source="seed.txt")

    episode = Episode.objects.get()
    assert (
        episode.title
        == "Ukraine and NATO partnership anniversary: joint achievements and challenges"
    )
    assert episode.title_uk == "Партнерство України та НАТО: спільні досягнення та виклики"
    assert Person.objects.count() == 7


def test_other_romanisation_matches_existing_person_and_is_recorded():
    chaly = factories.person("Valeriy Chaly")
    people.add_spelling(person=chaly, name="Valeriy Chaly")

    result = import_announcement(
        text=announcement("Diplomacy", ["Valerii Chalyi, diplomat"], number=5), source="5.txt"
    )

    assert (result.matched, result.new_people) == (1, 0)
    assert sorted(chaly.names.values_list("name", flat=True)) == ["Valerii Chalyi", "Valeriy Chaly"]


def test_same_surname_other_first_name_is_new_person_flagged_for_review():
    olena = people.create_person(name="Olena Churanova")

    result = import_announcement(
        text=announcement("Fakes", ["Olga Churanova, fact-checker"], number=6), source="6.txt"
    )

    assert (result.matched, result.new_people, result.review) == (0, 1, 1)
    olga = Person.objects.get(name="Olga Churanova")
    assert olga.needs_review is True
    assert Person.objects.get(pk=olena.pk).needs_review is False


def test_people_marked_distinct_are_not_joined_by_later_imports():
    first = people.create_person(name="Valeriy Chaly")
    second = people.create_person(name="Valerii Chalyi")
    people.mark_distinct(first=first, second=second)

    exact = import_announcement(
        text=announcement("One", ["Valerii Chalyi, historian"], number=7), source="7.txt"
    )
    unclear = import_announcement(
        text=announcement("Two", ["Valerij Chalij, historian"], number=8), source="8.txt"
    )

    assert exact.episode.appearances.get().person == second
    assert (unclear.new_people, unclear.review) == (1, 1)


def test_failing_announcement_leaves_nothing_behind():
    with pytest.raises(AnnouncementError):
        import_announcement(text="   \n\n", source="empty.txt")

    assert (Episode.objects.count(), Person.objects.count()) == (0, 0)


def test_dry_run_reports_without_writing():
    result = import_announcement(
        text=announcement("Dry", ["Marta Kovalenko, analyst"], number=9),
        source="9.txt",
        dry_run=True,
    )

    assert (result.action, result.new_people) == ("created", 1)
    assert (Episode.objects.count(), Person.objects.count()) == (0, 0)


def test_merge_keeps_everything_and_redirects(client):
    survivor = people.create_person(name="Volodymyr Ogryzko")
    duplicate = people.create_person(name="Volodymyr Ohryzko X")
    people.add_position(
        person=duplicate, title="Minister", organization=None, start_year=2007, end_year=2009
    )
    shared = factories.episode("Both", slug="both", speakers=[survivor, duplicate])
    only_dup = factories.episode("Dup", slug="dup", speakers=[duplicate])
    old_url = duplicate.get_absolute_url()

    people.merge_people(survivor=survivor, duplicate=duplicate)

    assert list(shared.appearances.values_list("person", flat=True)) == [survivor.pk]
    assert list(only_dup.appearances.values_list("person", flat=True)) == [survivor.pk]
    assert list(survivor.positions.values_list("title", flat=True)) == ["Minister"]
    assert sorted(survivor.names.values_list("name", flat=True)) == [
        "Volodymyr Ogryzko",
        "Volodymyr Ohryzko X",
    ]
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, survivor.get_absolute_url())
