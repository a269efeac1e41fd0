import pytest


@pytest.fixture
def archive(later_episode):
    """The demo episode and a later one sharing Valeriy Chaly, as in the reader journey."""
    return later_episode
