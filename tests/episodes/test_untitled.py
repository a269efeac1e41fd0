"""An episode without a title (its announcement only reposted "UIF #594") is shown as
"Episode 594" until an editor writes one."""

import re
from html import unescape

import pytest
from django.utils import translation

from flames.episodes.models import Episode
from tests import factories
from tests.episodes.test_views import text_of

pytestmark = pytest.mark.django_db


def untitled(**fields) -> Episode:
    fields.setdefault("series", factories.series())
    fields.setdefault("number", 594)
    fields.setdefault("slug", "uif-594")
    fields.setdefault("air_time", factories.kyiv(2022, 5, 4))
    fields.setdefault("status", Episode.Status.PUBLISHED)
    return Episode.objects.create(title="", **fields)


def title_in(language: str, episode: Episode) -> str:
    with translation.override(language):
        return episode.display_title


def test_display_title_untitled_is_episode_and_number():
    episode = untitled()

    assert (title_in("en", episode), title_in("uk", episode)) == ("Episode 594", "Випуск 594")


def test_display_title_untitled_without_number_is_dated():
    episode = untitled(number=None)

    assert (title_in("en", episode), title_in("uk", episode)) == (
        "Episode of 4 May 2022",
        "Випуск від 04 травня 2022 р.",
    )


def test_display_title_untitled_without_number_or_date():
    episode = untitled(number=None, air_time=None)

    assert (title_in("en", episode), title_in("uk", episode)) == (
        "Untitled episode",
        "Випуск без назви",
    )


def test_display_title_written_in_ukrainian_only_is_shown_in_english_too():
    episode = untitled(title_uk="Санкції")

    assert (title_in("en", episode), title_in("uk", episode)) == ("Санкції", "Санкції")
    assert str(episode) == "#594 Санкції"


def test_display_title_once_written_replaces_the_placeholder():
    episode = untitled()
    episode.title = "Sanctions that bite"

    assert (title_in("en", episode), title_in("uk", episode)) == (
        "Sanctions that bite",
        "Sanctions that bite",
    )
    assert str(episode) == "#594 Sanctions that bite"


def test_str_untitled_is_the_placeholder():
    assert str(untitled()) == "Episode 594"


def test_title_is_optional_for_the_model_form():
    episode = untitled()

    episode.full_clean()  # no "This field cannot be blank."


@pytest.mark.parametrize(("language", "placeholder"), [("en", "Episode 594"), ("uk", "Випуск 594")])
def test_episode_page_untitled_shows_placeholder(client, language, placeholder):
    untitled()

    response = client.get(f"/{language}/episodes/uif-594/")

    html = response.content.decode()
    assert f"<h1>{placeholder}</h1>" in html
    assert f"<title>{placeholder} — Ukraine in Flames</title>" in html
    assert f'<meta property="og:title" content="{placeholder}">' in html


@pytest.mark.parametrize(("language", "placeholder"), [("en", "Episode 594"), ("uk", "Випуск 594")])
@pytest.mark.parametrize("page", ["", "episodes/"])
def test_lists_untitled_show_placeholder(client, language, placeholder, page):
    untitled()

    html = client.get(f"/{language}/{page}").content.decode()

    links = re.findall(r'<h[23]><a href="([^"]+)">([^<]+)</a>', html)
    assert (f"/{language}/episodes/uif-594/", placeholder) in [
        (href, unescape(text)) for href, text in links
    ]


def test_neighbour_untitled_is_named_by_placeholder(client):
    untitled()
    factories.episode(
        "Sanctions that bite", slug="later", number=595, air_time=factories.kyiv(2022, 5, 11)
    )

    text = text_of(client.get("/uk/episodes/later/"))

    assert "Попередній випуск Випуск 594" in text
