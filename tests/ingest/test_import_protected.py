"""Importing speakers the announcement did not name in full (issue 18, "The import"):
episode #52's "Andrii", pseudonyms and descriptions, and what editors protected."""

import io
import json

import pytest
from django.core.management import call_command

from flames.episodes.models import Appearance, Episode
from flames.ingest.services import import_announcement
from flames.people import services as people
from flames.people.models import Person, Position, Showing
from tests.ingest.test_import import announcement
from tests.samples import SAMPLES

pytestmark = pytest.mark.django_db

SAMPLE_052 = (SAMPLES / "052.txt").read_text()
# The same announcement edited after it was first imported: the summary reworded.
EDITED_052 = SAMPLE_052.replace("to hear what the panel thinks", "to hear the panel")
UKRAINIAN_052 = (
    "«Україна в огні» #52: Як Херсонщина тримається під російською окупацією\n\n"
    "Херсонці розповідають про мирні протести та спротив окупації.\n\n"
    "• Сергій Глан, член Херсонської обласної ради\n"
    "• Андрій, мешканець Херсона\n"
    "• Іван Антипенко, журналіст\n\n"
    "Проєкт «Україна в огні» створений Українським кризовим медіа-центром.\n"
)
ANDRII_NOTE = "shown as announced: Andrii (first name only), for review"


def panel(episode):
    """Each appearance: the person, how they are shown, the role and what an editor reviews."""
    return [
        (
            a.person.name,
            a.shown_as,
            a.shown_name,
            a.announced_as,
            a.announced_title,
            a.needs_review,
        )
        for a in Appearance.objects.filter(episode=episode).select_related("person")
    ]


FRESH_052 = [
    ("Serhii Hlan", "full_name", "", "Member of Kherson Regional Council", "Member", False),
    (
        "Andrii",
        "first_name",
        "Andrii",
        "citizen of Kherson Head of “Media Center. Kherson”",
        "citizen of Kherson, Head",
        True,
    ),
    ("Ivan Antypenko", "full_name", "", "journalist from Kherson", "journalist", False),
]


def test_052_andrii_becomes_a_protected_appearance_of_a_protected_person():
    namesake = people.create_person(name="Andrii")  # a public person by that one name

    result = import_announcement(text=SAMPLE_052, source="052.txt")

    assert (result.action, result.matched, result.new_people, result.review) == (
        "created",
        0,
        3,
        1,
    )
    assert panel(result.episode) == FRESH_052
    andrii = Person.objects.exclude(pk=namesake.pk).get(name="Andrii")
    assert (
        andrii.shown_as,
        andrii.shown_name,
        andrii.shown_name_uk,
        andrii.needs_review,
        andrii.is_public,
    ) == ("first_name", "Andrii", "", True, False)
    assert namesake.appearances.count() == 0
    # His roles stay on the appearance: nothing ties the organization to a person.
    assert list(andrii.positions.all()) == []
    assert sorted(andrii.names.values_list("name", flat=True)) == ["Andrii"]
    speaker = result.episode.appearances.get(person=andrii).speaker
    assert (speaker.name, speaker.person, speaker.portrait) == ("Andrii", None, False)
    # The report's line replaces the parser's warning about the same speaker.
    assert result.notes == [ANDRII_NOTE]


def test_052_imported_again_after_an_editor_protected_ivan_keeps_both_protected():
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode
    # The same text again is known by its digest and changes nothing.
    assert import_announcement(text=SAMPLE_052, source="copy/052.txt").action == "unchanged"
    ivan = episode.appearances.get(person__name="Ivan Antypenko")
    Appearance.objects.filter(pk=ivan.pk).update(shown_as=Showing.FIRST_NAME, shown_name="Ivan")
    # An editor's role without the organization stays; an empty one is filled.
    episode.appearances.filter(person__name="Serhii Hlan").update(announced_title="Councillor")
    Appearance.objects.filter(pk=ivan.pk).update(announced_title="")
    before = set(Appearance.objects.values_list("pk", flat=True))

    result = import_announcement(text=EDITED_052, source="052.txt")

    assert (result.action, result.matched, result.new_people, result.review) == (
        "updated",
        3,
        0,
        0,
    )
    assert Person.objects.count() == 3
    assert set(Appearance.objects.values_list("pk", flat=True)) == before
    assert panel(episode) == [
        ("Serhii Hlan", "full_name", "", "Member of Kherson Regional Council", "Councillor", False),
        FRESH_052[1],
        ("Ivan Antypenko", "first_name", "Ivan", "journalist from Kherson", "journalist", False),
    ]
    assert Person.objects.get(name="Andrii").shown_as == "first_name"
    assert result.notes == [ANDRII_NOTE]


def test_052_protected_speaker_found_again_by_a_spelling_after_an_editor_renamed_them():
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode
    andrii = episode.appearances.get(person__name="Andrii")
    Appearance.objects.filter(pk=andrii.pk).update(shown_name="A.")

    import_announcement(text=EDITED_052, source="052.txt")

    assert Person.objects.filter(name="Andrii").count() == 1
    assert list(
        episode.appearances.filter(shown_as="first_name").values_list("pk", "shown_name")
    ) == [(andrii.pk, "A.")]


def test_ukrainian_announcement_of_052_finds_andrii_in_the_other_script():
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode

    result = import_announcement(text=UKRAINIAN_052, source="052-uk.txt")

    assert (result.action, result.episode, Person.objects.count()) == ("updated", episode, 3)
    andrii = episode.appearances.get(person__name="Andrii")
    assert (
        andrii.shown_as,
        andrii.shown_name,
        andrii.shown_name_uk,
        andrii.announced_as_uk,
        andrii.announced_title_uk,
        andrii.announced_title,
    ) == (
        "first_name",
        "Andrii",
        "",
        "мешканець Херсона",
        "мешканець Херсона",
        "citizen of Kherson, Head",
    )
    # No spelling ties the Ukrainian form to the person either.
    assert sorted(andrii.person.names.values_list("name", flat=True)) == ["Andrii"]
    assert "shown as announced: Андрій (first name only), for review" in result.notes


def test_ukrainian_first_protects_in_both_languages():
    result = import_announcement(text=UKRAINIAN_052, source="052-uk.txt")

    andrii = result.episode.appearances.get(person__name="Андрій")
    assert (
        andrii.shown_as,
        andrii.shown_name,
        andrii.shown_name_uk,
        andrii.announced_as,
        andrii.announced_title,
        andrii.announced_title_uk,
    ) == (
        "first_name",
        "Андрій",
        "Андрій",
        "мешканець Херсона",
        "мешканець Херсона",
        "мешканець Херсона",
    )
    assert (andrii.person.shown_name, andrii.person.shown_name_uk) == ("Андрій", "Андрій")


def test_pseudonym_and_description_are_shown_as_announced():
    text = announcement(
        "Behind the front line",
        [
            "Marta Kovalenko, analyst at Odesa Policy Lab",
            "“Bird”, volunteer at Mariupol Aid Hub",
            "a resident of occupied Kherson",
        ],
        number=330,
    )

    result = import_announcement(text=text, source="330.txt")

    assert panel(result.episode) == [
        (
            "Marta Kovalenko",
            "full_name",
            "",
            "analyst at Odesa Policy Lab",
            "analyst",
            False,
        ),
        ("“Bird”", "pseudonym", "“Bird”", "volunteer at Mariupol Aid Hub", "volunteer", True),
        (
            "a resident of occupied Kherson",
            "description",
            "a resident of occupied Kherson",
            "",
            "",
            True,
        ),
    ]
    assert result.notes == [
        "shown as announced: “Bird” (pseudonym), for review",
        "shown as announced: a resident of occupied Kherson (description), for review",
    ]
    assert list(Position.objects.values_list("person__name", "title")) == [
        ("Marta Kovalenko", "analyst")
    ]


def test_no_one_is_matched_to_a_protected_person():
    hidden = people.create_person(
        name="Ivan Antypenko", shown_as=Showing.FIRST_NAME, shown_name="Ivan"
    )

    result = import_announcement(text=SAMPLE_052, source="052.txt")

    ivan = result.episode.appearances.get(person__name="Ivan Antypenko").person
    assert ivan != hidden
    assert (ivan.shown_as, ivan.needs_review) == ("full_name", True)
    assert hidden.appearances.count() == 0
    assert sorted(hidden.names.values_list("name", flat=True)) == ["Ivan Antypenko"]
    assert (result.matched, result.new_people, result.review) == (0, 3, 2)


def test_notes_name_an_editors_protected_speaker_by_the_name_shown_only():
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode
    # The editor protects Ivan and rewords his role: the panel is now the editor's.
    episode.appearances.filter(person__name="Ivan Antypenko").update(
        shown_as=Showing.FIRST_NAME, shown_name="Ivan", announced_as="journalist"
    )
    edited = EDITED_052.replace(
        "Ivan Antypenko, journalist from Kherson.", "Ivan Antypenko, editor"
    )

    result = import_announcement(text=edited, source="052.txt")

    assert result.notes == [
        ANDRII_NOTE,
        "Ivan: kept the site's role “journalist”; the announcement says “editor”",
    ]


def test_the_command_reports_protected_speakers_and_nothing_more():
    out = io.StringIO()

    call_command("import", str(SAMPLES / "052.txt"), stdout=out)

    assert out.getvalue().splitlines() == [
        f"{SAMPLES / '052.txt'}: created #52 How the Kherson region withstands Russian occupation",
        f"  - {ANDRII_NOTE}",
        "Episodes: created 1, updated 0, left alone 0, unchanged 0, failed 0; flagged for "
        "review 0. Speakers: matched 0, new people 3, new people for review 1.",
    ]


def test_parse_prints_how_each_speaker_is_shown():
    out = io.StringIO()

    call_command("parse", str(SAMPLES / "052.txt"), stdout=out)

    speakers = json.loads(out.getvalue())[0]["speakers"]
    assert [(s["name"], s["shown_as"]) for s in speakers] == [
        ("Serhii Hlan", "full_name"),
        ("Andrii", "first_name"),
        ("Ivan Antypenko", "full_name"),
    ]


IMPORT_URL = "/admin/ingest/importedannouncement/import/"


def test_preview_lists_andrii_for_review_and_saves_him_protected(admin_client):
    preview = admin_client.post(IMPORT_URL, {"text": SAMPLE_052, "status": "draft", "preview": "1"})

    assert f"<strong>{ANDRII_NOTE}</strong>" in preview.content.decode()
    response = admin_client.post(
        IMPORT_URL,
        {
            "text": SAMPLE_052,
            "status": "draft",
            "save": "1",
            "speaker_name": ["Serhii Hlan", "Andrii", "Ivan Antypenko"],
            "speaker_person": ["auto", "auto", "auto"],
        },
    )

    assert response.status_code == 302
    assert panel(Episode.objects.get(number=52)) == FRESH_052


def test_preview_of_a_protected_speaker_shows_no_name_an_editor_recorded(admin_client):
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode
    # An editor records who Andrii is; only the permission to see real names shows it.
    Person.objects.filter(name="Andrii").update(name="Andrii Kovalenko")

    preview = admin_client.post(IMPORT_URL, {"text": EDITED_052, "status": "draft", "preview": "1"})

    assert preview.context["plan"].episode == episode
    assert "Kovalenko" not in preview.content.decode()
    assert f"<strong>{ANDRII_NOTE}</strong>" in preview.content.decode()


def test_preview_and_save_keep_a_protected_person_on_the_panel_under_the_name_shown(admin_client):
    episode = import_announcement(text=SAMPLE_052, source="052.txt").episode
    # The editor protects Ivan everywhere and records his full surname.
    ivan = Person.objects.get(name="Ivan Antypenko")
    Person.objects.filter(pk=ivan.pk).update(
        name="Ivan Antypenko-Savchuk", shown_as=Showing.FIRST_NAME, shown_name="Ivan"
    )
    data = {"text": EDITED_052, "status": "draft"}

    preview = admin_client.post(IMPORT_URL, {**data, "preview": "1"})
    response = admin_client.post(
        IMPORT_URL,
        {
            **data,
            "save": "1",
            "speaker_name": ["Serhii Hlan", "Andrii", "Ivan Antypenko"],
            "speaker_person": [
                str(s.match.person.pk) if s.match.person else "auto"
                for s in preview.context["plan"].speakers
            ],
        },
    )

    assert f'<option value="{ivan.pk}" selected>Ivan</option>' in preview.content.decode()
    assert "Savchuk" not in preview.content.decode()
    assert response.status_code == 302
    assert list(episode.appearances.values_list("person__name", "person__shown_as")) == [
        ("Serhii Hlan", "full_name"),
        ("Andrii", "first_name"),
        ("Ivan Antypenko-Savchuk", "first_name"),
    ]
    assert Person.objects.count() == 3
