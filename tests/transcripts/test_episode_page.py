"""The transcript on the episode page: collapsed, timed, speakers linked, cheap to render."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from flames.people.services import create_person
from tests import factories
from tests.factories import transcript

pytestmark = pytest.mark.django_db
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def klimkin():
    return create_person(name="Pavlo Klimkin")


def page(client, episode):
    response = client.get(f"/en/episodes/{episode.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_episode_page_shows_transcript_collapsed_with_timestamp_links(client, klimkin):
    episode = factories.episode("Sanctions", slug="s", video_url=VIDEO, speakers=[klimkin])
    transcript(
        episode,
        (61.5, 64, "Pavlo Klimkin", 'Sanctions "must" bite & hurt.'),
        (64, 70, "Pavlo Klimkin", "And soon."),
        (3725, 3730, "Host", "Thank you."),
    )

    html = page(client, episode)

    assert '<details class="transcript" id="transcript-en">' in html
    assert "<summary>Read the transcript (English)</summary>" in html
    assert (
        '<p class="cue" id="cue-en-1"><a class="cue-time" '
        'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=61s" data-start="61">1:01</a> '
        f'<a class="cue-speaker" href="/en/people/{klimkin.slug}/">Pavlo Klimkin</a>: '
        "Sanctions &quot;must&quot; bite &amp; hurt.</p>"
    ) in html
    # The speaker is named where the speaker changes, not on every cue.
    assert (
        '<p class="cue" id="cue-en-2"><a class="cue-time" '
        'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=64s" data-start="64">1:04</a> '
        "And soon.</p>"
    ) in html
    assert ('data-start="3725">1:02:05</a> <b class="cue-speaker">Host</b>: Thank you.</p>') in html


def test_episode_page_without_youtube_shows_plain_times(client):
    episode = factories.episode("Radio", slug="radio", video_url="https://example.org/a.mp3")
    transcript(episode, (5, 6, "", "Hello."))

    html = page(client, episode)

    assert '<p class="cue" id="cue-en-1"><span class="cue-time">0:05</span> Hello.</p>' in html
    assert "data-start" not in html


def test_episode_page_without_transcript_has_no_transcript_section(client):
    html = page(client, factories.episode("Plain", slug="plain"))

    assert "transcript" not in html.lower()


def test_episode_page_transcripts_in_two_languages_in_order(client):
    episode = factories.episode("Both", slug="both")
    transcript(episode, (1, 2, "", "Привіт."), language="uk")
    transcript(episode, (1, 2, "", "Hello."), language="en")

    html = page(client, episode)

    assert re.findall(r'<details class="transcript" id="transcript-(\w+)">', html) == ["en", "uk"]
    assert '<div class="cues" lang="uk">' in html


def test_episode_page_query_count_does_not_grow_with_transcript(client, klimkin):
    short = factories.episode("Short", slug="short", video_url=VIDEO, speakers=[klimkin])
    long = factories.episode("Long", slug="long", video_url=VIDEO, speakers=[klimkin])
    transcript(short, (1, 2, "Pavlo Klimkin", "One."))
    voices = ["Pavlo Klimkin", "Host", "Guest"]
    transcript(long, *[(n, n + 1, voices[n % 3], f"Cue {n}.") for n in range(300)])
    transcript(long, (1, 2, "", "Один."), language="uk")

    def queries(episode):
        with CaptureQueriesContext(connection) as captured:
            page(client, episode)
        return len(captured)

    assert queries(long) == queries(short)
