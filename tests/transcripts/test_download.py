"""A transcript as a WebVTT file: public episodes only, linked from the episode page."""

import pytest

from flames.episodes.models import Episode
from flames.transcripts.parsing import parse_captions
from tests import factories
from tests.factories import transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode():
    made = factories.episode("Sanctions", slug="sanctions")
    transcript(
        made,
        (1, 4.5, "Pavlo Klimkin", "Sanctions &amp; tariffs &lt;must&gt; bite."),
        (4.5, 6, "", ">> Thank you."),
    )
    return made


def test_transcript_download_is_webvtt(client, episode):
    response = client.get("/en/episodes/sanctions/transcript-en.vtt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert response.content.decode() == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:04.500\n"
        "<v Pavlo Klimkin>Sanctions &amp; tariffs &lt;must&gt; bite.\n"
        "\n"
        "00:00:04.500 --> 00:00:06.000\n"
        "&gt;&gt; Thank you.\n"
    )


def test_transcript_download_attaches_back_to_the_same_cues(client, episode):
    response = client.get("/uk/episodes/sanctions/transcript-en.vtt")

    cues = parse_captions(response.content).cues
    assert [(c.start_ms, c.end_ms, c.voice, c.text) for c in cues] == [
        (1000, 4500, "Pavlo Klimkin", "Sanctions & tariffs <must> bite."),
        (4500, 6000, "", "Thank you."),
    ]


def test_transcript_download_of_scheduled_episode(client, episode):
    Episode.objects.filter(pk=episode.pk).update(status=Episode.Status.SCHEDULED)

    assert client.get("/en/episodes/sanctions/transcript-en.vtt").status_code == 200


@pytest.mark.parametrize(
    "status", [Episode.Status.DRAFT, Episode.Status.CANCELLED], ids=["draft", "cancelled"]
)
def test_transcript_download_of_episode_the_public_may_not_see_is_404(client, episode, status):
    Episode.objects.filter(pk=episode.pk).update(status=status)

    assert client.get("/en/episodes/sanctions/transcript-en.vtt").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/en/episodes/sanctions/transcript-uk.vtt",
        "/en/episodes/sanctions/transcript-xx.vtt",
        "/en/episodes/no-such-episode/transcript-en.vtt",
    ],
)
def test_transcript_download_that_does_not_exist_is_404(client, episode, path):
    assert client.get(path).status_code == 404


def test_episode_page_links_each_transcript_download(client, episode):
    transcript(episode, (1, 2, "", "Дякую."), language="uk")

    html = client.get("/uk/episodes/sanctions/").content.decode()

    for language in ("en", "uk"):
        assert (
            f'<a href="/uk/episodes/sanctions/transcript-{language}.vtt" type="text/vtt" '
            f'hreflang="{language}" download>'
        ) in html
