"""Search names an untitled episode, and its transcript passages, as its page does:
"Episode 594" in English, "Випуск 594" in Ukrainian."""

import re
from html import unescape

import pytest

from flames.episodes.models import Episode
from tests import factories
from tests.factories import transcript
from tests.search.conftest import found


@pytest.fixture
def untitled(db, committed):
    with committed():
        episode = Episode.objects.create(
            series=factories.series(),
            number=594,
            title="",
            slug="uif-594",
            status=Episode.Status.PUBLISHED,
            air_time=factories.kyiv(2022, 5, 4),
        )
        transcript(episode, (0, 30, "", "The shadow fleet carries Russian oil."))
    return episode


def test_search_untitled_episode_by_number_is_named_by_placeholder(untitled):
    assert found("594") == [("episode", "Episode 594", None)]


def test_search_untitled_episode_by_its_placeholder(untitled):
    assert found("Episode 594") == found("Випуск 594") == [("episode", "Episode 594", None)]


@pytest.mark.parametrize(("language", "placeholder"), [("en", "Episode 594"), ("uk", "Випуск 594")])
def test_results_page_names_untitled_episode_and_passage_by_placeholder(
    client, untitled, language, placeholder
):
    html = client.get(f"/{language}/search/", {"q": "fleet"}).content.decode()

    links = re.findall(r'<h2><a href="([^"]+)">(.*?)</a></h2>', html)
    assert [(href, unescape(text)) for href, text in links] == [
        (f"/{language}/episodes/uif-594/#cue-en-1", placeholder)
    ]

    html = client.get(f"/{language}/search/", {"q": "594"}).content.decode()

    links = re.findall(r'<h2><a href="([^"]+)">(.*?)</a></h2>', html)
    assert [(href, unescape(text)) for href, text in links] == [
        (f"/{language}/episodes/uif-594/", "<mark>594</mark>".join(placeholder.split("594")))
    ]
