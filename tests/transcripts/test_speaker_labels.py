"""Who a cue is said to be spoken by, on the episode page, in the WebVTT files and in
search passages: the panel's public description of the speaker, never a protected or
withdrawn speaker's name, nor the voice the caption file gave them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from flames.episodes.models import Appearance
from flames.people.models import Person, Showing, Withdrawal
from flames.search.documents import _keys, facet, passage_entries
from flames.transcripts.models import Cue
from tests import factories
from tests.factories import transcript

pytestmark = pytest.mark.django_db

SECRETS = ["Khmarynska", "Tsebrynskyi", "Listener", "Andrii"]


def cues_of(html: str) -> list[str]:
    return re.findall(r'<p class="cue" id="cue-\w+-\d+">.*?</p>', html)


def cues_section(html: str) -> str:
    start = html.index('<div class="cues"')
    return html[start : html.index("</details>", start)]


@pytest.fixture
def people():
    return {
        "klimkin": factories.person("Pavlo Klimkin", slug="pavlo-klimkin"),
        "zoreslava": factories.person("Zoreslava Khmarynska", slug="zoreslava-khmarynska"),
        "yaropolk": factories.person("Yaropolk Tsebrynskyi", slug="yaropolk-tsebrynskyi"),
        # Not on the panel: a clip of a public figure, and a listener's protected question.
        "chaly": factories.person("Valeriy Chaly", slug="valeriy-chaly"),
        "listener": factories.person(
            "Andrii Listener",
            slug="andrii-listener",
            shown_as=Showing.DESCRIPTION,
            shown_name="A listener from Kherson",
        ),
    }


def withdraw(episode, person, what: str) -> None:
    fields = {"withdrawn_at": timezone.now(), "withdrawal_reason": Withdrawal.AT_RISK}
    if what == "appearance":
        Appearance.objects.filter(episode=episode, person=person).update(**fields)
    else:
        Person.objects.filter(pk=person.pk).update(**fields)


@pytest.fixture(params=["appearance", "person"], ids=["appearance withdrawn", "person withdrawn"])
def episode(request, people):
    made = factories.episode(
        "Occupied towns",
        slug="occupied",
        speakers=[
            (people["klimkin"], "Former minister"),
            (people["zoreslava"], "Engineer, Radiozavod Nova Kakhovka"),
            (people["yaropolk"], "Farmer"),
        ],
    )
    Appearance.objects.filter(episode=made, person=people["zoreslava"]).update(
        shown_as=Showing.FIRST_NAME,
        shown_name="Zoreslava",
        shown_name_uk="Зореслава",
        show_organization=False,
        announced_title="Engineer",
    )
    made.transcript = transcript(
        made,
        (1, 2, "Pavlo Klimkin", "Sanctions work."),
        (2, 3, "Zoreslava Khmarynska", "The plant is occupied."),
        (3, 4, "Zoreslava Khmarynska", "Still."),
        (4, 5, "Yaropolk Tsebrynskyi", "We left in March."),
        (5, 6, "Host", "Thank you."),
        (6, 7, "Andrii Listener", "A question."),
        (7, 8, "Valeriy Chaly", "An answer."),
    )
    cues = Cue.objects.filter(transcript=made.transcript)
    cues.filter(position=6).update(speaker=people["listener"])
    cues.filter(position=7).update(speaker=people["chaly"])
    withdraw(made, people["yaropolk"], request.param)
    return made


def test_episode_page_names_each_cue_as_the_panel_shows_the_speaker(client, episode):
    html = client.get("/en/episodes/occupied/").content.decode()

    assert cues_of(html) == [
        '<p class="cue" id="cue-en-1"><span class="cue-time">0:01</span> '
        '<a class="cue-speaker" href="/en/people/pavlo-klimkin/">Pavlo Klimkin</a>: '
        "Sanctions work.</p>",
        '<p class="cue" id="cue-en-2"><span class="cue-time">0:02</span> '
        '<b class="cue-speaker">Zoreslava</b>: The plant is occupied.</p>',
        '<p class="cue" id="cue-en-3"><span class="cue-time">0:03</span> Still.</p>',
        # Withdrawn: the words stay, told apart from Zoreslava's, with no name.
        '<p class="cue" id="cue-en-4"><span class="cue-time">0:04</span> '
        '<b class="cue-speaker">Another speaker</b>: We left in March.</p>',
        # Beside a protected speaker, a voice linked to no one might be theirs.
        '<p class="cue" id="cue-en-5"><span class="cue-time">0:05</span> '
        '<b class="cue-speaker">Another speaker</b>: Thank you.</p>',
        '<p class="cue" id="cue-en-6"><span class="cue-time">0:06</span> '
        '<b class="cue-speaker">Another speaker</b>: A question.</p>',
        '<p class="cue" id="cue-en-7"><span class="cue-time">0:07</span> '
        '<a class="cue-speaker" href="/en/people/valeriy-chaly/">Valeriy Chaly</a>: '
        "An answer.</p>",
    ]
    section = cues_section(html)
    assert [secret for secret in SECRETS if secret in section] == []


def test_episode_page_in_ukrainian_shows_the_ukrainian_protected_name(client, episode):
    html = client.get("/uk/episodes/occupied/").content.decode()

    assert cues_of(html)[1] == (
        '<p class="cue" id="cue-en-2"><span class="cue-time">0:02</span> '
        '<b class="cue-speaker">Зореслава</b>: The plant is occupied.</p>'
    )
    assert cues_of(html)[3].endswith(
        '<b class="cue-speaker">Інший спікер</b>: We left in March.</p>'
    )


def test_webvtt_file_tags_cues_with_public_labels_only(client, episode):
    response = client.get("/en/episodes/occupied/transcript-en.vtt")

    assert response.content.decode() == (
        "WEBVTT\n"
        "\n"
        "00:00:01.000 --> 00:00:02.000\n"
        "<v Pavlo Klimkin>Sanctions work.\n"
        "\n"
        "00:00:02.000 --> 00:00:03.000\n"
        "<v Zoreslava>The plant is occupied.\n"
        "\n"
        "00:00:03.000 --> 00:00:04.000\n"
        "<v Zoreslava>Still.\n"
        "\n"
        "00:00:04.000 --> 00:00:05.000\n"
        "&gt;&gt; We left in March.\n"
        "\n"
        "00:00:05.000 --> 00:00:06.000\n"
        "Thank you.\n"
        "\n"
        "00:00:06.000 --> 00:00:07.000\n"
        "A question.\n"
        "\n"
        "00:00:07.000 --> 00:00:08.000\n"
        "<v Valeriy Chaly>An answer.\n"
    )


def test_webvtt_file_in_ukrainian_names_the_protected_speaker_in_ukrainian(client, episode):
    text = client.get("/uk/episodes/occupied/transcript-en.vtt").content.decode()

    assert "<v Зореслава>The plant is occupied.\n" in text
    assert [secret for secret in SECRETS if secret in text] == []


def test_search_passage_names_speakers_by_their_public_labels(episode, people):
    (passage,) = passage_entries([episode.transcript.pk])

    assert passage.body == (
        "Pavlo Klimkin: Sanctions work. Zoreslava: The plant is occupied. Still. "
        "We left in March. Thank you. A question. Valeriy Chaly: An answer."
    )
    assert passage.names_terms == _keys(["Pavlo Klimkin", "Zoreslava", "Valeriy Chaly"])
    # Filtering passages by person is for people with a page: not the protected ones.
    assert passage.facets == " ".join(
        [
            facet("lang", "en"),
            facet("person", people["klimkin"].pk),
            facet("person", people["chaly"].pk),
        ]
    )
    indexed = " ".join([passage.body, passage.body_terms, passage.names_terms]).lower()
    assert [secret for secret in SECRETS if secret.lower() in indexed] == []


def test_search_passage_of_a_ukrainian_transcript_uses_the_ukrainian_protected_name(episode):
    uk = transcript(episode, (2, 3, "Zoreslava Khmarynska", "Завод окупований."), language="uk")

    (passage,) = passage_entries([uk.pk])

    assert passage.body == "Зореслава: Завод окупований."


def test_a_voice_linked_to_no_one_is_shown_when_the_whole_panel_is_public(client, people):
    made = factories.episode("Public panel", slug="public-panel", speakers=[people["klimkin"]])
    transcript(made, (1, 2, "Pavlo Klimkin", "Yes."), (2, 3, "Host", "Thank you."))

    html = client.get("/en/episodes/public-panel/").content.decode()

    assert cues_of(html)[1] == (
        '<p class="cue" id="cue-en-2"><span class="cue-time">0:02</span> '
        '<b class="cue-speaker">Host</b>: Thank you.</p>'
    )


def test_page_and_webvtt_queries_do_not_grow_with_speakers_off_the_panel(client, people):
    short = factories.episode("Short", slug="short", speakers=[people["zoreslava"]])
    long = factories.episode("Long", slug="long", speakers=[people["zoreslava"]])
    transcript(short, (1, 2, "Zoreslava Khmarynska", "One."))
    made = transcript(long, *[(n, n + 1, f"Caller {n}", f"Cue {n}.") for n in range(1, 31)])
    callers = [factories.person(f"Caller {n}", slug=f"caller-{n}") for n in range(1, 31)]
    for cue, caller in zip(made.cues.order_by("position"), callers, strict=True):
        Cue.objects.filter(pk=cue.pk).update(speaker=caller)
    Person.objects.filter(pk__in=[c.pk for c in callers[::2]]).update(
        shown_as=Showing.PSEUDONYM, shown_name="A caller"
    )

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    assert queries("/en/episodes/long/") == queries("/en/episodes/short/")
    assert queries("/en/episodes/long/transcript-en.vtt") == queries(
        "/en/episodes/short/transcript-en.vtt"
    )
