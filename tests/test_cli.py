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
    key_file.write_text("shared by every app server\n")
    value = str(key_file) if variable.endswith("_FILE") else "set-in-the-environment"

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
    env.update(FLAMES_DATA_DIR=str(tmp_path / "var"), FLAMES_SECRET_KEY="s")

    result = subprocess.run(
        [sys.executable, "-c", code, str(database)],
        env=env,
        umask=0,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['0o600', '0o600', '0o600']"


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
