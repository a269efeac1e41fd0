"""`flames import`, `flames people` and `flames parse` as a user runs them."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from flames.episodes.models import Episode, Partnership
from flames.people.models import Organization, Person
from flames.support.models import CallToAction
from tests.environment import TEST_SECRET_KEY
from tests.samples import SAMPLES, SEED


def flames(*args, data_dir, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(data_dir), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    return subprocess.run(
        [sys.executable, "-m", "flames", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )


@pytest.fixture
def data_dir(tmp_path):
    assert flames("migrate", "-v0", data_dir=tmp_path).returncode == 0
    return tmp_path


def test_import_folder_then_again_reports_unchanged(data_dir):
    first = flames("import", str(SEED), str(SAMPLES), data_dir=data_dir)
    second = flames("import", str(SAMPLES), data_dir=data_dir)

    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == (
        f"{SEED}: created Ukraine and NATO partnership anniversary: joint achievements and "
        "challenges; flagged for review"
    )
    assert (
        f"{SAMPLES / '121-uk.txt'}: updated #121 Ukraine and NATO partnership anniversary: "
        "joint achievements and challenges (most of its panel is the same, in the same order)"
    ) in lines
    assert f"{SAMPLES / '594.txt'}: created Episode 594" in lines
    assert "  - the title is only a label: 'UIF #594'" in lines
    assert lines[-1] == (
        "Episodes: created 7, updated 1, left alone 0, unchanged 0, failed 0; flagged for "
        "review 2. Speakers: matched 11, new people 29, new people for review 1."
    )
    assert second.stdout.splitlines()[-1] == (
        "Episodes: created 0, updated 0, left alone 0, unchanged 7, failed 0; flagged for "
        "review 0. Speakers: matched 0, new people 0, new people for review 0."
    )


@pytest.mark.django_db
def test_the_real_archive_gives_one_record_per_partner_and_call_to_action():
    call_command("import", str(SEED), str(SAMPLES), stdout=io.StringIO())

    assert list(Partnership.objects.values_list("organization__name", flat=True)) == [
        "Ukraine Crisis Media Center",
        "Ukrainian Catholic University’s analitical center",
        'NGO "Euroatlantic Course"',
    ]
    assert list(CallToAction.objects.values_list("kind", "organization__name")) == [
        ("recommendations", "Ukraine Crisis Media Center"),
        ("donation", 'NGO "Euroatlantic Course"'),
    ]
    assert Organization.objects.filter(name__icontains="Crisis Media").count() == 1
    assert not Organization.objects.filter(name__startswith="Український").exists()


def test_bad_files_get_one_line_each_and_others_still_import(data_dir, tmp_path_factory):
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    (bad / "huge.txt").write_text("x" * 1_000_001)
    (bad / "latin1.txt").write_bytes("Caf\xe9 panel".encode("latin-1"))

    result = flames("import", str(bad), str(SEED), "/no/such/file.txt", data_dir=data_dir)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("flames import:")]
    assert errors == [
        f"flames import: {bad / 'binary.txt'}: binary data, not text",
        f"flames import: {bad / 'empty.txt'}: empty text",
        f"flames import: {bad / 'huge.txt'}: over 1 MB, too large for an announcement",
        f"flames import: {bad / 'latin1.txt'}: not UTF-8 text (byte 3)",
        "flames import: /no/such/file.txt: no such file",
    ]
    assert result.stderr.splitlines() == errors  # and no progress bar: stderr is a pipe
    assert result.stdout.splitlines()[-1].startswith(
        "Episodes: created 1, updated 0, left alone 0, unchanged 0, failed 5;"
    )


def test_import_from_standard_input_with_dry_run(data_dir):
    result = flames("import", "--dry-run", "-", data_dir=data_dir, stdin=SEED.read_text())
    people = flames("people", "--json", data_dir=data_dir)

    assert result.stdout.splitlines()[0] == (
        "-: created Ukraine and NATO partnership anniversary: joint achievements and "
        "challenges; flagged for review"
    )
    assert result.stdout.splitlines()[-2] == "Dry run: nothing was written."
    assert json.loads(people.stdout) == []


@pytest.mark.django_db
def test_people_lists_spellings_and_counts(capsys, demo):
    call_command("people", "--json")
    listing = json.loads(capsys.readouterr().out)
    call_command("people")
    table = capsys.readouterr().out.splitlines()

    assert listing[1] == {
        "name": "Valeriy Chaly",
        "slug": "valeriy-chaly",
        "other_spellings": ["Валерій Чалий"],
        "appearances": 1,
        "needs_review": False,
    }
    assert table[0].split() == ["NAME", "APPEARANCES", "OTHER", "SPELLINGS"]
    assert table[2].split() == ["Valeriy", "Chaly", "1", "Валерій", "Чалий"]


@pytest.mark.django_db
def test_import_is_atomic_per_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text())
    titleless = tmp_path / "titleless.txt"
    titleless.write_text("\n\n   •   \n")

    with pytest.raises(SystemExit):
        call_command("import", str(titleless), str(good))

    assert Episode.objects.count() == 1
    assert Person.objects.count() == 7


def test_parse_prints_json_in_input_order_and_fails_for_bad_input(data_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    result = flames("parse", str(SEED), str(empty), "-", data_dir=data_dir, stdin="UIF #594\n\n")

    documents = json.loads(result.stdout)
    assert result.returncode == 1
    assert [document["source"] for document in documents] == [str(SEED), str(empty), "-"]
    seed = documents[0]
    assert seed["title"] == (
        "Ukraine and NATO partnership anniversary: joint achievements and challenges"
    )
    assert seed["speakers"][4] == {
        "name": "Volodymyr Ogryzko",
        "name_incomplete": False,
        "shown_as": "full_name",
        "announced_as": "Minister of Foreign Affairs of Ukraine (2007-2009)",
        "roles": [
            {
                "title": "Minister of Foreign Affairs of Ukraine",
                "organization": None,
                "start_year": 2007,
                "end_year": 2009,
            }
        ],
    }
    assert len(seed["speakers"]) == 7
    assert [cta["kind"] for cta in seed["calls_to_action"]] == ["recommendations", "donation"]
    assert documents[1] == {"source": str(empty), "error": "empty text"}
    assert documents[2]["number"] == 594


def test_imported_episodes_and_speakers_are_searchable_when_the_import_ends(data_dir):
    assert flames("import", "--status", "published", str(SEED), data_dir=data_dir).returncode == 0

    found = flames("search", "query", "Ohryzko", data_dir=data_dir)

    assert found.returncode == 0
    lines = found.stdout.splitlines()
    assert lines[0] == "2 results"
    assert lines[1].startswith("person       Volodymyr Ogryzko  /en/people/")
    assert lines[2].startswith("episode      ")
