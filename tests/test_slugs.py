"""Slugs: readable ASCII in any script, unique within their table."""

import pytest

from flames.episodes.services import episode_slug
from flames.people.models import Organization
from flames.values.slugs import ascii_slug, unique_slug
from tests import factories


def test_ascii_slug_transliterates_cyrillic():
    assert ascii_slug("Володимир Огризко") == "volodimir-ogrizko"


def test_ascii_slug_of_punctuation_only_is_item():
    assert ascii_slug("«—»") == "item"


@pytest.mark.django_db
def test_unique_slug_is_the_plain_slug_when_free_even_beside_longer_ones():
    factories.organization("Razom for Ukraine", slug="razom-for-ukraine")

    assert unique_slug(Organization, "Razom") == "razom"


@pytest.mark.django_db
def test_unique_slug_counts_up_past_taken_ones():
    factories.organization("Razom", slug="razom")
    factories.organization("Razom (Kyiv)", slug="razom-2")

    assert unique_slug(Organization, "Razom") == "razom-3"


@pytest.mark.django_db
def test_unique_slug_lets_a_row_keep_its_own_slug():
    razom = factories.organization("Razom", slug="razom")

    assert unique_slug(Organization, "Razom", instance=razom) == "razom"


@pytest.mark.django_db
def test_episode_slug_starts_with_number():
    assert episode_slug(number=122, title="Sanctions: one year on") == "122-sanctions-one-year-on"


@pytest.mark.django_db
def test_episode_slug_without_number_is_title_alone():
    assert episode_slug(number=None, title="Вечір пам'яті") == "vechir-pamyati"


@pytest.mark.django_db
def test_episode_slug_counts_up_past_taken_ones_but_keeps_own():
    taken = factories.episode("Sanctions", number=122, slug="122-sanctions")

    assert episode_slug(number=122, title="Sanctions") == "122-sanctions-2"
    assert episode_slug(number=122, title="Sanctions", instance=taken) == "122-sanctions"
