"""Settings come from the environment and refuse unsafe or unreadable values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from flames.runtime import startup
from flames.settings import env_bool, env_int, env_list
from tests.environment import TEST_SECRET_KEY


def load_settings(**environment) -> subprocess.CompletedProcess:
    """Import flames.settings in a fresh interpreter with exactly these FLAMES_* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(environment)
    code = "import flames.settings as s; print(s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS)"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAMES_X", "Yes")
    assert env_bool("FLAMES_X") is True
    monkeypatch.setenv("FLAMES_X", "0")
    assert env_bool("FLAMES_X", default=True) is False


def test_env_bool_rejects_unknown_value(monkeypatch):
    monkeypatch.setenv("FLAMES_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAMES_X must be 1/0, true/false"):
        env_bool("FLAMES_X")


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("FLAMES_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="FLAMES_N must be a whole number, not 'ten'"):
        env_int("FLAMES_N", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("FLAMES_HOSTS", " a.org, b.org ,,")
    assert env_list("FLAMES_HOSTS", "") == ["a.org", "b.org"]


def test_missing_secret_key_is_an_error_and_settings_create_nothing(tmp_path):
    result = load_settings(FLAMES_DATA_DIR=str(tmp_path / "var"), FLAMES_DEBUG="1")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: no secret key: set FLAMES_SECRET_KEY or "
        f"FLAMES_SECRET_KEY_FILE, or run flames once to create {tmp_path / 'var' / 'secret_key'}"
    )
    assert list(tmp_path.iterdir()) == []


def test_debug_is_off_and_hosts_explicit_by_default():
    result = load_settings(FLAMES_SECRET_KEY=TEST_SECRET_KEY)

    assert result.stdout.strip() == (f"False {TEST_SECRET_KEY} ['localhost', '127.0.0.1', '[::1]']")


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(f"from-a-file-{TEST_SECRET_KEY}\n")

    result = load_settings(FLAMES_SECRET_KEY_FILE=str(key_file))

    assert result.stdout.strip().split()[1] == f"from-a-file-{TEST_SECRET_KEY}"


def test_secret_key_is_read_from_the_data_directory(tmp_path):
    (tmp_path / "secret_key").write_text(f"kept-in-the-data-directory-{TEST_SECRET_KEY}\n")

    result = load_settings(FLAMES_DATA_DIR=str(tmp_path))

    assert result.stdout.strip().split()[1] == f"kept-in-the-data-directory-{TEST_SECRET_KEY}"


def test_an_empty_key_file_is_refused(tmp_path):
    (tmp_path / "secret_key").write_text("\n")

    result = load_settings(FLAMES_DATA_DIR=str(tmp_path))

    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: the secret key file "
        f"{tmp_path / 'secret_key'} is empty"
    )


def test_a_missing_named_key_file_is_refused(tmp_path):
    result = load_settings(FLAMES_SECRET_KEY_FILE=str(tmp_path / "nowhere"))

    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"FLAMES_SECRET_KEY_FILE={tmp_path / 'nowhere'}: No such file or directory"
    )


@pytest.mark.parametrize(
    "key",
    ["s", "x" * 80, "abcd" * 20, "short-but-varied-0123456789", "django-insecure-" + "k3y!" * 20],
)
def test_a_weak_secret_key_is_refused_in_one_line(key):
    result = load_settings(FLAMES_SECRET_KEY=key)

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: FLAMES_SECRET_KEY is too weak: use at "
        "least 50 characters, at least 5 of them different (flames makes one in its data "
        "directory when no key is set)"
    )


def test_a_weak_key_file_is_refused_naming_the_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("password\n")

    result = load_settings(FLAMES_SECRET_KEY_FILE=str(key_file))

    assert result.stderr.splitlines()[-1] == (
        f"django.core.exceptions.ImproperlyConfigured: the secret key in {key_file} is too weak: "
        "use at least 50 characters, at least 5 of them different (flames makes one in its data "
        "directory when no key is set)"
    )


def test_wildcard_allowed_host_is_refused():
    result = load_settings(FLAMES_SECRET_KEY=TEST_SECRET_KEY, FLAMES_ALLOWED_HOSTS="example.org,*")

    assert result.returncode == 1
    assert "FLAMES_ALLOWED_HOSTS must name hosts; '*' is not allowed" in result.stderr


def test_cli_reports_configuration_error_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMES_")}
    env.update(
        FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY, FLAMES_DEBUG="maybe"
    )
    result = subprocess.run(
        [sys.executable, "-m", "flames", "check"], env=env, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stderr == (
        "flames: configuration error: FLAMES_DEBUG must be 1/0, true/false, yes/no or on/off, "
        "not 'maybe'\n"
    )


def test_cli_keeps_no_key_it_created_when_the_configuration_is_wrong(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMES_")}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_HTTPS="maybe")
    flames = [sys.executable, "-m", "flames", "check"]
    failed = subprocess.run(flames, env=env, capture_output=True, text=True)
    del env["FLAMES_HTTPS"]
    fixed = subprocess.run(flames, env=env, capture_output=True, text=True)

    assert failed.returncode == 1
    assert failed.stderr == (
        "flames: configuration error: FLAMES_HTTPS must be 1/0, true/false, yes/no or on/off, "
        "not 'maybe'\n"
    )
    # The first start that works is the one that creates the key and says so.
    assert fixed.stderr == (
        f"flames: created a new secret key in {tmp_path / 'secret_key'}; give every app server "
        "this file or the same FLAMES_SECRET_KEY\n"
    )


def test_cli_stays_quiet_when_its_reader_stops_early(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMES_")}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    # The reader closes the pipe before the command has started writing, as `| head -1`
    # does to a long listing.
    reader, writer = os.pipe()
    os.close(reader)
    with os.fdopen(writer, "w") as closed_pipe:
        result = subprocess.run(
            [sys.executable, "-m", "flames", "help"],
            env=env,
            stdout=closed_pipe,
            stderr=subprocess.PIPE,
            text=True,
        )

    assert result.stderr == ""
    assert result.returncode == 1


def flames_check(tmp_path, **environment) -> subprocess.CompletedProcess:
    """`flames check` in a fresh process with a key, a data directory and these variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY, **environment)
    return subprocess.run(
        [sys.executable, "-m", "flames", "check"], env=env, capture_output=True, text=True
    )


def test_cli_names_an_unknown_log_level_in_one_line(tmp_path):
    result = flames_check(tmp_path, FLAMES_LOG_LEVEL="loud")

    assert result.returncode == 1
    assert result.stderr == (
        "flames: configuration error: FLAMES_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or "
        "CRITICAL, not 'loud'\n"
    )


def test_a_log_level_in_lower_case_is_understood(tmp_path):
    result = flames_check(tmp_path, FLAMES_LOG_LEVEL="info")

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("nonsense://x", "nonsense://x"),
        ("postgres://flames:hunter2@db:port/flames", "postgres://flames:***@db:port/flames"),
        ("mysql://flames:hunter2@db/flames", "mysql://flames:***@db/flames"),
    ],
)
def test_cli_names_an_unusable_database_url_in_one_line_without_its_password(tmp_path, url, shown):
    result = flames_check(tmp_path, DATABASE_URL=url)

    assert result.returncode == 1
    assert result.stderr == (
        "flames: configuration error: DATABASE_URL must be a valid sqlite:// or postgres:// "
        f"address, not {shown!r}\n"
    )


def read_setting(expression: str, **environment) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update({"FLAMES_SECRET_KEY": TEST_SECRET_KEY, **environment})
    code = f"import flames.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )


def test_every_secret_may_come_from_a_file(tmp_path):
    (tmp_path / "database").write_text("postgres://flames:in-the-url@db.internal:5432/flames\n")
    (tmp_path / "password").write_text("from-a-file\n")
    (tmp_path / "redis").write_text("redis://:cache-password@cache.internal:6379/0\n")
    (tmp_path / "key").write_text(f"from-a-file-{TEST_SECRET_KEY}\n")

    result = read_setting(
        "s.DATABASES['default']['HOST'], s.DATABASES['default']['PASSWORD'], "
        "s.CACHES['default']['LOCATION'], s.SECRET_KEY",
        DATABASE_URL_FILE=str(tmp_path / "database"),
        FLAMES_DATABASE_PASSWORD_FILE=str(tmp_path / "password"),
        FLAMES_REDIS_URL_FILE=str(tmp_path / "redis"),
        FLAMES_SECRET_KEY="",
        FLAMES_SECRET_KEY_FILE=str(tmp_path / "key"),
    )

    assert result.stdout.split() == [
        "db.internal",
        "from-a-file",
        "redis://:cache-password@cache.internal:6379/0",
        f"from-a-file-{TEST_SECRET_KEY}",
    ], result.stderr


def test_a_secret_in_the_environment_wins_over_its_file(tmp_path):
    (tmp_path / "redis").write_text("redis://from-the-file:6379/0\n")

    result = read_setting(
        "s.CACHES['default']['LOCATION']",
        FLAMES_REDIS_URL="redis://from-the-environment:6379/0",
        FLAMES_REDIS_URL_FILE=str(tmp_path / "redis"),
    )

    assert result.stdout.strip() == "redis://from-the-environment:6379/0"


def test_a_database_password_replaces_the_addresss_own():
    result = read_setting(
        "s.DATABASES['default']['PASSWORD']",
        DATABASE_URL="postgres://flames:old@db/flames",
        FLAMES_DATABASE_PASSWORD="new",
    )

    assert result.stdout.strip() == "new"


@pytest.mark.parametrize(
    "variable", ["DATABASE_URL_FILE", "FLAMES_DATABASE_PASSWORD_FILE", "FLAMES_REDIS_URL_FILE"]
)
def test_cli_names_a_missing_secret_file_in_one_line(tmp_path, variable):
    missing = tmp_path / "missing"

    result = flames_check(tmp_path, **{variable: str(missing)})

    assert result.returncode == 1
    assert result.stderr == (
        f"flames: configuration error: {variable}={missing}: No such file or directory\n"
    )


def test_the_data_directory_is_never_the_current_directorys(monkeypatch, tmp_path):
    monkeypatch.delenv("FLAMES_DATA_DIR")
    monkeypatch.chdir(tmp_path)

    assert startup.data_directory() == Path(__file__).resolve().parent.parent / "var"


def test_without_a_checkout_the_data_directory_must_be_named(monkeypatch, tmp_path):
    monkeypatch.delenv("FLAMES_DATA_DIR")
    monkeypatch.setattr(startup, "CHECKOUT", tmp_path)

    with pytest.raises(ImproperlyConfigured, match="^FLAMES_DATA_DIR is not set: name the folder"):
        startup.data_directory()
