"""The `flames` command as an operator meets it: its secret key, its help, its files."""

import json
import os
import stat
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import django
import pytest
from django.core.management import get_commands

from flames.cli import main
from tests.environment import TEST_SECRET_KEY
from tests.samples import SEED


def flames(*args, home: Path, umask: int = 0o022, **environment) -> subprocess.CompletedProcess:
    """Run `flames` in ``home`` with no key and no data directory of its own unless given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(home / "var"), **environment)
    return subprocess.run(
        [sys.executable, "-m", "flames", *args],
        cwd=home,
        env=env,
        umask=umask,
        capture_output=True,
        text=True,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "arguments", [[], ["--help"], ["-h"], ["help"], ["help", "export"], ["export", "--help"]]
)
def test_help_without_a_key_works_and_creates_nothing(tmp_path, arguments):
    result = flames(*arguments, home=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.lower().startswith("usage: flames")
    assert list(tmp_path.iterdir()) == []


def test_version_without_a_key_names_flames_and_django(tmp_path):
    result = flames("--version", home=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"flames {version('flames')} (Django {django.get_version()})\n"
    assert list(tmp_path.iterdir()) == []


def test_parse_without_a_key_prints_json_and_creates_nothing(tmp_path):
    result = flames("parse", str(SEED), home=tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["title"] == (
        "Ukraine and NATO partnership anniversary: joint achievements and challenges"
    )
    assert list(tmp_path.iterdir()) == []


def test_first_command_without_a_key_creates_a_private_key_file_and_says_so_once(tmp_path):
    key_file = tmp_path / "var" / "secret_key"

    first = flames("check", home=tmp_path, umask=0)
    key = key_file.read_text()
    second = flames("check", home=tmp_path, umask=0)

    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"flames: created a new secret key in {key_file}; give every app server this file "
        "or the same FLAMES_SECRET_KEY\n"
    )
    assert mode(key_file) == 0o600
    assert len(key.strip()) >= 50
    assert second.returncode == 0 and second.stderr == ""
    assert key_file.read_text() == key


@pytest.mark.parametrize("variable", ["FLAMES_SECRET_KEY", "FLAMES_SECRET_KEY_FILE"])
def test_a_configured_key_creates_no_key_file(tmp_path, variable):
    key_file = tmp_path / "shared-key"
    key_file.write_text(TEST_SECRET_KEY + "\n")
    value = str(key_file) if variable.endswith("_FILE") else TEST_SECRET_KEY

    result = flames("check", home=tmp_path, **{variable: value})

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not (tmp_path / "var" / "secret_key").exists()


def test_an_unwritable_data_directory_is_a_one_line_error(tmp_path):
    (tmp_path / "var").write_text("a file where the data directory should be")

    result = flames("check", home=tmp_path)

    assert result.returncode == 1
    assert result.stderr == (
        f"flames: configuration error: cannot create {tmp_path / 'var' / 'secret_key'}: "
        f"{tmp_path / 'var'} is not a directory\n"
    )


def test_sqlite_database_and_its_journals_are_private_whatever_the_umask(tmp_path):
    database = tmp_path / "var" / "flames.sqlite3"
    # Modes are read while the connection is open: SQLite removes -wal and -shm at close.
    code = (
        "import os, sys\n"
        "from flames.cli import main\n"
        "main(['flames', 'migrate', '-v0'])\n"
        "from django.db import connection\n"
        "connection.cursor().execute('SELECT count(*) FROM django_migrations')\n"
        "base = sys.argv[1]\n"
        "print([oct(os.stat(base + end).st_mode & 0o777) for end in ('', '-wal', '-shm')])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path / "var"), FLAMES_SECRET_KEY=TEST_SECRET_KEY)

    result = subprocess.run(
        [sys.executable, "-c", code, str(database)],
        env=env,
        umask=0,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['0o600', '0o600', '0o600']"


# The table of contents: Flames' commands by task, and the two of Django's an operator needs.
CONTENTS = {
    "Run the site": ["serve", "migrate", "createsuperuser"],
    "Content": ["demo", "people", "transcripts"],
    "Import": ["parse", "import"],
    "Search": ["search"],
    "Publishing": ["export"],
}


def sections(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines()[1:]:
        if line and not line.startswith(" ") and not line.startswith("flames "):
            heading = found.setdefault(line, [])
        elif line.startswith("  "):
            heading.append(line.split()[0])
    return {heading: commands for heading, commands in found.items() if commands}


def test_help_is_a_table_of_contents_by_task(capsys):
    main(["flames", "--help"])
    text = capsys.readouterr().out

    assert text.splitlines()[0] == "Usage: flames <command> [options]"
    assert sections(text) == CONTENTS
    assert text.splitlines()[-2:] == [
        "A command's options: flames help <command> (or flames <command> --help).",
        "Every command, Django's own included: flames help --all",
    ]
    assert len(text.splitlines()) <= 25
    assert "startproject" not in text


def test_help_lists_every_command_of_flames_apps_and_only_real_commands():
    listed = {command for commands in CONTENTS.values() for command in commands}
    ours = {name for name, app in get_commands().items() if app.startswith("flames")}

    assert ours <= listed
    assert listed <= set(get_commands())


def test_help_all_is_djangos_full_list(capsys):
    main(["flames", "help", "--all"])
    text = capsys.readouterr().out

    assert "Type 'flames help <subcommand>' for help on a specific subcommand." in text
    assert "    squashmigrations" in text
    assert "[export]\n    export\n" in text


def test_help_of_a_command_is_its_own_usage(capsys):
    main(["flames", "help", "export"])
    via_help = capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_status:
        main(["flames", "export", "--help"])
    via_option = capsys.readouterr().out

    assert exit_status.value.code == 0
    assert via_help.startswith("usage: flames export [-h]")
    assert via_option == via_help


def test_wsgi_application_without_a_key_creates_private_key_and_database_once(tmp_path):
    """An app server other than `flames serve` (gunicorn flames.wsgi) starts the same way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path / "var"))
    # Collected static files, as `flames serve` leaves them: WhiteNoise warns without.
    (tmp_path / "var" / "static").mkdir(parents=True)

    def start():
        return subprocess.run(
            [sys.executable, "-c", "import flames.wsgi"],
            env=env,
            umask=0,
            capture_output=True,
            text=True,
        )

    first, second = start(), start()

    key_file = tmp_path / "var" / "secret_key"
    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"flames: created a new secret key in {key_file}; give every app server this file "
        "or the same FLAMES_SECRET_KEY\n"
    )
    assert second.returncode == 0 and second.stderr == ""
    assert mode(key_file) == 0o600
    assert mode(tmp_path / "var" / "flames.sqlite3") == 0o600
