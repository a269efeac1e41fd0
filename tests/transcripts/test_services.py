"""Attaching transcripts: voices linked across spellings, all or nothing, replacing."""

import pytest

from flames.people.models import PersonName
from flames.people.services import create_person, merge_people
from flames.transcripts.models import Cue, Transcript
from flames.transcripts.parsing import CaptionError
from flames.transcripts.selectors import EpisodeNotFound, episode_by_reference
from flames.transcripts.services import attach_transcript
from tests import factories
from tests.factories import vtt

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode():
    klimkin = create_person(name="Pavlo Klimkin")
    PersonName.objects.create(person=klimkin, name="Павло Клімкін")
    ogryzko = create_person(name="Volodymyr Ogryzko")
    halushka = create_person(name="Olena Halushka")
    return factories.episode(
        "Sanctions that bite", slug="sanctions", speakers=[halushka, klimkin, ogryzko]
    )


def test_attach_transcript_links_voices_across_spellings_and_scripts(episode):
    text = vtt(
        (1, 4, "Olena Halushka", "Welcome."),
        (4, 9, "Павло Клімкін", "Дякую."),
        (9, 12, "Volodymyr Ohryzko", "Thank you."),
        (12, 14, "Klimkin", "Again."),
        (14, 16, "Moderator", "Time."),
    )

    result = attach_transcript(episode=episode, language="en", text=text, filename="a.vtt")

    linked = {voice: person.name if person else None for voice, person in result.speakers.items()}
    assert linked == {
        "Olena Halushka": "Olena Halushka",
        "Павло Клімкін": "Pavlo Klimkin",
        "Volodymyr Ohryzko": "Volodymyr Ogryzko",
        "Klimkin": "Pavlo Klimkin",
        "Moderator": None,
    }
    assert result.unmatched == ["Moderator"]
    cues = list(
        result.transcript.cues.values_list("position", "start_ms", "voice", "speaker__name")
    )
    assert cues == [
        (1, 1000, "Olena Halushka", "Olena Halushka"),
        (2, 4000, "Павло Клімкін", "Pavlo Klimkin"),
        (3, 9000, "Volodymyr Ohryzko", "Volodymyr Ogryzko"),
        (4, 12000, "Klimkin", "Pavlo Klimkin"),
        (5, 14000, "Moderator", None),
    ]
    assert (result.transcript.source_name, result.cues, result.replaced) == ("a.vtt", 5, False)


def test_attach_transcript_same_surname_twice_on_panel_links_nobody(episode):
    namesake = create_person(name="Oleksandr Klimkin")
    factories.Appearance.objects.create(episode=episode, person=namesake, order=9)

    result = attach_transcript(
        episode=episode, language="en", text=vtt((1, 2, "Klimkin", "Hi.")), filename="a.vtt"
    )

    assert result.speakers == {"Klimkin": None}


def test_attach_transcript_replaces_the_same_language_only(episode):
    attach_transcript(episode=episode, language="en", text=vtt((1, 2, "", "Old.")))
    uk = attach_transcript(episode=episode, language="uk", text=vtt((1, 2, "", "Стара.")))

    result = attach_transcript(
        episode=episode,
        language="en",
        text=vtt((1, 2, "", "New."), (2, 3, "", "Two.")),
    )

    assert result.replaced is True
    assert sorted(Transcript.objects.values_list("language", flat=True)) == ["en", "uk"]
    assert list(Cue.objects.filter(transcript__language="en").values_list("text", flat=True)) == [
        "New.",
        "Two.",
    ]
    assert Transcript.objects.get(language="uk").pk == uk.transcript.pk


def test_attach_transcript_malformed_file_changes_nothing(episode):
    before = attach_transcript(episode=episode, language="en", text=vtt((1, 2, "", "Kept.")))

    with pytest.raises(CaptionError) as error:
        attach_transcript(
            episode=episode,
            language="en",
            text="WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine.\n\nbroken --> 00:00:03.000\nX\n",
        )

    assert str(error.value) == "line 6: malformed timestamp 'broken' (expected HH:MM:SS.mmm)"
    assert list(Transcript.objects.values_list("pk", flat=True)) == [before.transcript.pk]
    assert list(Cue.objects.values_list("text", flat=True)) == ["Kept."]


def test_attach_transcript_database_failure_keeps_the_old_transcript(episode, monkeypatch):
    before = attach_transcript(episode=episode, language="en", text=vtt((1, 2, "", "Kept.")))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Cue.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        attach_transcript(episode=episode, language="en", text=vtt((1, 2, "", "New.")))

    assert list(Transcript.objects.values_list("pk", flat=True)) == [before.transcript.pk]
    assert list(Cue.objects.values_list("text", flat=True)) == ["Kept."]


def test_attach_transcript_unknown_language_is_refused(episode):
    with pytest.raises(ValueError) as error:
        attach_transcript(episode=episode, language="de", text=vtt((1, 2, "", "Hallo.")))

    assert str(error.value) == "unknown language 'de'"
    assert Transcript.objects.count() == 0


def test_merge_people_moves_cues_to_the_survivor(episode):
    duplicate = create_person(name="Pavlo Klimkin (2)")
    factories.episode("Other", slug="other", speakers=[duplicate])
    other = factories.Episode.objects.get(slug="other")
    result = attach_transcript(
        episode=other, language="en", text=vtt((1, 2, "Pavlo Klimkin (2)", "Hi."))
    )
    survivor = episode.appearances.get(person__name="Pavlo Klimkin").person

    merge_people(survivor=survivor, duplicate=duplicate)

    assert list(result.transcript.cues.values_list("speaker", flat=True)) == [survivor.pk]


def test_episode_by_reference_finds_slug_or_unique_number(episode):
    numbered = factories.episode("Numbered", slug="numbered", number=121)

    assert episode_by_reference("sanctions") == episode
    assert episode_by_reference("121") == numbered
    assert episode_by_reference("#121") == numbered


def test_episode_by_reference_repeated_number_asks_for_the_slug():
    factories.episode("One", slug="one-177", number=177)
    factories.episode("Two", slug="two-177", number=177)

    with pytest.raises(EpisodeNotFound) as error:
        episode_by_reference("177")

    assert str(error.value) == "2 episodes have the number 177 (one-177, two-177); give the slug"


def test_episode_by_reference_unknown_says_so():
    with pytest.raises(EpisodeNotFound) as error:
        episode_by_reference("nope")

    assert str(error.value) == "no episode with the slug 'nope'"
