"""`flames transcripts attach EPISODE FILE --language en` as an editor runs it."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from flames.people.services import create_person
from flames.transcripts.models import Cue, Transcript
from tests import factories
from tests.environment import TEST_SECRET_KEY
from tests.factories import vtt

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode():
    klimkin = create_person(name="Pavlo Klimkin")
    return factories.episode("Sanctions", slug="sanctions", number=121, speakers=[klimkin])


def attach(*args):
    out, err = [], []

    class Sink:
        def __init__(self, lines):
            self.lines = lines

        def write(self, text):
            self.lines.append(text)

        def flush(self):
            pass

    call_command("transcripts", "attach", *args, stdout=Sink(out), stderr=Sink(err))
    return "".join(out), "".join(err)


def test_transcripts_attach_by_number_reports_cues_and_voices(episode, tmp_path):
    file = tmp_path / "121.vtt"
    file.write_text(vtt((1, 5, "Павло Клімкін", "Дякую."), (5, 8, "Host", "Next.")))

    out, err = attach("121", str(file), "--language", "uk")

    assert out == (
        "Attached the Ukrainian transcript of #121 Sanctions: 2 cues\n"
        "  Павло Клімкін -> Pavlo Klimkin (pavlo-klimkin)\n"
        "  Host -> nobody on the panel\n"
    )
    assert err == ""
    assert Transcript.objects.get().language == "uk"


def test_transcripts_attach_again_replaces_and_states_overlap_fix(episode, tmp_path):
    file = tmp_path / "a.srt"
    file.write_text(
        "1\n00:00:01,000 --> 00:00:05,000\nOne.\n\n2\n00:00:04,000 --> 00:00:06,000\nTwo.\n"
    )
    attach("sanctions", str(file))

    out, err = attach("sanctions", str(file))

    assert out == "Replaced the English transcript of #121 Sanctions: 2 cues\n"
    assert err == (
        f"flames transcripts: {file}: 1 cue overlapped the one before (line 6): each earlier "
        "cue now ends where the next one starts\n"
    )
    assert list(Cue.objects.values_list("end_ms", flat=True)) == [4000, 6000]


def test_transcripts_attach_malformed_file_names_file_and_line(episode, tmp_path):
    file = tmp_path / "bad.vtt"
    file.write_text("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nArrow too short.\n")

    with pytest.raises(CommandError) as error:
        attach("sanctions", str(file))

    assert str(error.value) == (
        f"{file}: line 3: expected a cue timing line like '00:00:01.000 --> 00:00:04.000'"
    )
    assert Transcript.objects.count() == 0


def test_transcripts_attach_unknown_episode_and_missing_file(episode, tmp_path):
    with pytest.raises(CommandError) as unknown:
        attach("999", str(tmp_path / "x.vtt"))
    with pytest.raises(CommandError) as missing:
        attach("sanctions", str(tmp_path / "x.vtt"))

    assert str(unknown.value) == "no episode with the slug or number '999'"
    assert str(missing.value) == f"{tmp_path / 'x.vtt'}: No such file or directory"


def test_transcripts_attach_cli_exits_1_with_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    run = [sys.executable, "-m", "flames"]
    assert subprocess.run([*run, "migrate", "-v0"], env=env).returncode == 0

    done = subprocess.run(
        [*run, "transcripts", "attach", "42", "-"],
        env=env,
        input="WEBVTT\n",
        capture_output=True,
        text=True,
    )

    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: no episode with the slug or number '42'"
