"""The back office: add a transcript from a file; a bad file is refused on the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from flames.people.services import create_person
from flames.transcripts.models import Cue, Transcript
from tests import factories
from tests.factories import transcript, vtt

pytestmark = pytest.mark.django_db
ADD = reverse("admin:transcripts_transcript_add")


@pytest.fixture
def episode():
    return factories.episode(
        "Sanctions", slug="sanctions", speakers=[create_person(name="Pavlo Klimkin")]
    )


def upload(name, text):
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


def test_transcript_add_form_attaches_file_and_links_voices(admin_client, episode):
    file = upload("talk.vtt", vtt((1, 3, "Pavlo Klimkin", "Hello."), (3, 5, "Host", "Bye.")))

    response = admin_client.post(
        ADD, {"episode": episode.pk, "language": "en", "file": file}, follow=True
    )

    saved = Transcript.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:transcripts_transcript_changelist")
    assert (saved.episode, saved.language, saved.source_name) == (episode, "en", "talk.vtt")
    assert list(saved.cues.values_list("voice", "speaker__name")) == [
        ("Pavlo Klimkin", "Pavlo Klimkin"),
        ("Host", None),
    ]
    messages = [str(message) for message in response.context["messages"]]
    assert "Not linked to anyone on the panel: Host." in messages


def test_transcript_add_form_shows_parse_error_and_saves_nothing(admin_client, episode):
    file = upload(
        "bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOk.\n\n00:00:0x.000 --> 1\nX\n"
    )

    response = admin_client.post(ADD, {"episode": episode.pk, "language": "en", "file": file})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        "bad.vtt: line 6: malformed timestamp '00:00:0x.000' (expected HH:MM:SS.mmm)"
    ]
    assert (Transcript.objects.count(), Cue.objects.count()) == (0, 0)


def test_transcript_add_form_replaces_only_when_asked(admin_client, episode):
    transcript(episode, (1, 2, "", "Old."))
    data = {"episode": episode.pk, "language": "en"}

    refused = admin_client.post(ADD, {**data, "file": upload("new.vtt", vtt((1, 2, "", "New.")))})
    kept = list(Cue.objects.values_list("text", flat=True))
    admin_client.post(
        ADD, {**data, "replace": "on", "file": upload("new.vtt", vtt((1, 2, "", "New.")))}
    )

    assert refused.context["adminform"].form.errors["replace"] == [
        "This episode already has a transcript in this language. Tick the box to replace it."
    ]
    assert kept == ["Old."]
    assert list(Transcript.objects.values_list("source_name", flat=True)) == ["new.vtt"]
    assert list(Cue.objects.values_list("text", flat=True)) == ["New."]


def test_transcript_change_page_and_list_load(admin_client, episode):
    saved = transcript(episode, (1, 2, "Pavlo Klimkin", "Hi."))

    change = admin_client.get(reverse("admin:transcripts_transcript_change", args=[saved.pk]))
    listing = admin_client.get(reverse("admin:transcripts_transcript_changelist"), {"q": "Sanc"})

    assert change.status_code == 200
    assert "<p>Pavlo Klimkin → Pavlo Klimkin</p>" in change.content.decode()
    assert listing.context["cl"].result_count == 1
