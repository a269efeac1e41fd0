"""Every public page costs a fixed number of queries, however much it shows."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@dataclass
class Archive:
    episodes: list
    people: list
    topic: object
    organization: object


def build_archive(prefix: str, *, speakers_per_episode: int, episodes: int) -> Archive:
    topic = factories.topic(f"{prefix} topic", slug=f"{prefix}-topic")
    organization = factories.organization(f"{prefix} org", slug=f"{prefix}-org")
    people = [factories.person(f"Speaker {prefix}{n}") for n in range(speakers_per_episode)]
    for person in people:
        factories.position(person, "Analyst", organization=organization)
        factories.position(person, "Adviser", start_year=2014, end_year=2019)
    made = [
        factories.episode(
            f"Episode {prefix}{n}",
            slug=f"{prefix}-{n}",
            air_time=factories.kyiv(2023, 1, n + 1),
            speakers=[(person, "Analyst") for person in people],
        )
        for n in range(episodes)
    ]
    for episode in made:
        episode.topics.add(topic)
    return Archive(made, people, topic, organization)


PAGES = {
    "home": lambda archive: "/en/",
    "episode list": lambda archive: "/en/episodes/",
    "episode list filtered": lambda a: f"/en/episodes/?topic={a.topic.slug}&year=2023",
    "episode": lambda archive: archive.episodes[1].get_absolute_url(),
    "person": lambda archive: archive.people[0].get_absolute_url(),
    "directory": lambda archive: "/en/people/?letter=S",
    "organization": lambda archive: archive.organization.get_absolute_url(),
    "topic": lambda archive: archive.topic.get_absolute_url(),
    "topics": lambda archive: "/en/topics/",
    "about": lambda archive: "/en/about/",
    "how to help": lambda archive: "/en/how-to-help/",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_queries_do_not_grow_with_content(client, name):
    small = build_archive("s", speakers_per_episode=2, episodes=3)
    small_queries = queries_for(client, PAGES[name](small))
    large = build_archive("l", speakers_per_episode=20, episodes=30)
    large_queries = queries_for(client, PAGES[name](large))

    assert small_queries == large_queries


EXPECTED_QUERIES = {
    "home": 6,
    "episode": 7,
    "episode list": 7,
    "person": 6,
}


@pytest.mark.parametrize("name", EXPECTED_QUERIES)
def test_page_query_budget(client, name):
    url = PAGES[name](build_archive("a", speakers_per_episode=5, episodes=5))

    assert queries_for(client, url) == EXPECTED_QUERIES[name]
