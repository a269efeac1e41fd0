import pytest

from tests import factories
from tests.factories import make_panel


@pytest.fixture
def series(db):
    return factories.series(contact_email="desk@example.org")


@pytest.fixture
def panel(series):
    """Episode #7 with a moderator and two guests, a topic, a video and a media file."""
    return make_panel(series)
