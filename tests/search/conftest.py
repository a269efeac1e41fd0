"""A small archive, indexed as a commit would index it, for the search tests.

Every test here runs on the configured database: SQLite (FTS5) by default, PostgreSQL
(tsvector) when DATABASE_URL points at one. The expectations are the same for both.
"""

from dataclasses import dataclass

import pytest

from flames.episodes.models import Episode
from flames.people.models import PersonName
from flames.people.services import create_person
from flames.search.selectors import SearchFilters, search
from tests import factories
from tests.factories import transcript


@dataclass
class Archive:
    sanctions: object  # topic
    culture: object  # topic
    klimkin: object
    ogryzko: object
    braze: object
    hidden: object
    bite: object  # episode titled with "sanctions", Klimkin speaks in its transcript
    culture_episode: object  # mentions sanctions in its summary
    food: object  # Ukrainian, apostrophes
    draft: object


@pytest.fixture
def archive(db, committed):
    with committed():
        sanctions = factories.topic("Sanctions", slug="sanctions", name_uk="Санкції")
        culture = factories.topic("Culture", slug="culture", name_uk="Культура")
        klimkin = create_person(name="Pavlo Klimkin")
        PersonName.objects.create(person=klimkin, name="Павло Клімкін")
        ogryzko = create_person(name="Volodymyr Ogryzko")
        braze = create_person(name="Baiba Braže")
        halushka = create_person(name="Olena Halushka")
        hidden = create_person(name="Hidden Guest")
        factories.organization("Ukraine Crisis Media Center", slug="ucmc")
        bite = factories.episode(
            "Sanctions that bite",
            slug="sanctions-that-bite",
            number=121,
            air_time=factories.kyiv(2023, 5, 10),
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            summary="How to close the loopholes in the oil price cap.",
            speakers=[
                (halushka, "Moderator"),
                (klimkin, "Minister of Foreign Affairs (2014-2019)"),
            ],
        )
        bite.topics.add(sanctions)
        culture_episode = factories.episode(
            "Culture under fire",
            slug="culture-under-fire",
            air_time=factories.kyiv(2022, 9, 1),
            summary="Museums, theatres and the sanctions debate over Russian culture.",
            speakers=[ogryzko, braze],
        )
        culture_episode.topics.add(culture)
        food = factories.episode(
            "Зерно і м’ясо: продовольча безпека",
            slug="food",
            air_time=factories.kyiv(2024, 2, 2),
            language="uk",
            summary="Експорт зерна та мʼяса під час війни.",
            speakers=[ogryzko],
        )
        draft = factories.episode(
            "Secret sanctions plan",
            slug="draft",
            status=Episode.Status.DRAFT,
            summary="Not yet announced.",
            speakers=[hidden],
        )
        transcript(
            bite,
            (0, 20, "Olena Halushka", "Good evening, this is Ukraine in Flames."),
            (20, 40, "Olena Halushka", "Our guest served as foreign minister."),
            (40, 55, "Павло Клімкін", "Sanctions must hit the shadow fleet."),
            (55, 75, "Pavlo Klimkin", "The shadow fleet carries Russian oil past the cap."),
            (75, 100, "Olena Halushka", "Thank you, minister."),
        )
        transcript(
            culture_episode,
            (0, 35, "Volodymyr Ogryzko", "Black Sea security is European security."),
            (35, 70, "Baiba Braže", "Culture is on the front line too."),
        )
        transcript(draft, (0, 40, "Hidden Guest", "The secret sanctions shadow fleet plan."))
    return Archive(
        sanctions, culture, klimkin, ogryzko, braze, hidden, bite, culture_episode, food, draft
    )


def found(text, **filters):
    """(kind, title, start ms) of each result of the first page, in order."""
    results = search(text=text, filters=SearchFilters(**filters)).results
    return [(r.entry.kind, r.entry.title, r.entry.start_ms) for r in results]


def titles(text, **filters):
    return [title for _, title, _ in found(text, **filters)]
