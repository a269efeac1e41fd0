"""The episodes app's data migrations, run against rows as an older site left them."""

import importlib

import pytest
from django.apps import apps

from flames.episodes.models import Appearance, Series
from tests import factories

pytestmark = pytest.mark.django_db


def migration(name):
    return importlib.import_module(f"flames.episodes.migrations.{name}")


def test_speakers_all_numbered_zero_are_numbered_in_the_order_shown():
    people = [factories.person(name) for name in ("First", "Second", "Third")]
    episode = factories.episode(speakers=people)
    other = factories.episode(speakers=people[:2])
    Appearance.objects.update(order=0)
    Appearance.objects.filter(episode=other, person=people[0]).update(order=5)

    migration("0004_number_speakers_in_order").number_speakers(apps, None)

    assert list(episode.appearances.values_list("person__name", "order")) == [
        ("First", 1),
        ("Second", 2),
        ("Third", 3),
    ]
    assert list(other.appearances.values_list("person__name", "order")) == [
        ("Second", 1),
        ("First", 2),
    ]


def test_fresh_site_gets_the_default_series():
    migration("0005_default_series").add_default_series(apps, None)

    series = Series.objects.get()
    assert (series.slug, series.title, series.title_uk) == (
        "ukraine-in-flames",
        "Ukraine in Flames",
        "Україна в огні",
    )
    assert series.mission.startswith("Expert panel discussions on Russia's war against Ukraine")
    assert series.mission_uk.startswith("Експертні дискусії про війну Росії проти України")


def test_default_series_not_added_beside_an_existing_one():
    factories.series(title="Our own series", slug="ours")

    migration("0005_default_series").add_default_series(apps, None)

    assert list(Series.objects.values_list("slug", flat=True)) == ["ours"]
