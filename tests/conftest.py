from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from flames.demo import load_demo
from flames.episodes.models import Appearance, Episode, Series
from flames.people.models import Person

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from an empty database. The migrations give a fresh site its
    series; removed here once, so tests that flush the database (browser tests) and
    tests that do not start alike. tests/episodes/test_migrations.py tests that series."""
    with django_db_blocker.unblock():
        Series.objects.all().delete()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Tests render templates without running collectstatic first; plain storage
    # serves files straight from the app folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Sign-in counts, request budgets and cached search results start afresh: a test's
    # content version may repeat another's, its database having been rolled back.
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    # A request to /uk/ leaves Ukrainian active in the thread: each test starts afresh.
    translation.deactivate()
    yield
    translation.deactivate()


def commit_setup() -> None:
    """Run the on-commit callbacks of what a test wrote so far, as a commit of its setup
    would: listeners then see the next write as a transaction of its own."""
    while connection.run_on_commit:
        pending = connection.run_on_commit[:]
        del connection.run_on_commit[:]
        for _savepoints, callback, _robust in pending:
            callback()


@pytest.fixture
def committed(db):
    """Run a block and then its on-commit callbacks, as a real commit would."""

    @contextmanager
    def commit():
        start = len(connection.run_on_commit)
        yield
        # A commit takes the callbacks off the list before it runs them, so one that
        # registers another (the index, then the content version's bump) registers anew.
        while len(connection.run_on_commit) > start:
            pending = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for _savepoints, callback, _robust in pending:
                callback()

    return commit


@pytest.fixture
def demo(db):
    """The demo content: episode #121 with its seven speakers."""
    return load_demo()


@pytest.fixture
def later_episode(demo):
    """A second published episode with a video, aired a week after the demo, sharing
    Valeriy Chaly: enough for a reader to go from one episode to another through him."""
    from tests.journey import LATER_SLUG, LATER_TITLE

    Episode.objects.filter(pk=demo.pk).update(air_time=datetime(2022, 9, 30, 18, 0, tzinfo=KYIV))
    episode = Episode.objects.create(
        series=demo.series,
        number=122,
        title=LATER_TITLE,
        slug=LATER_SLUG,
        summary="The panel weighs the Kyiv Security Compact and sanctions.",
        status=Episode.Status.PUBLISHED,
        air_time=datetime(2022, 10, 7, 18, 0, tzinfo=KYIV),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    Appearance.objects.create(
        episode=episode,
        person=Person.objects.get(slug="valeriy-chaly"),
        order=1,
        announced_as="Chair of the UCMC Board",
    )
    return episode
