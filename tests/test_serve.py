"""`flames demo` and `flames serve` from a clean data directory, over real HTTP."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.core.management import CommandError, call_command

from tests.environment import TEST_SECRET_KEY


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        headers = {name.lower(): value for name, value in response.headers.items()}
        return response.status, headers, response.read().decode()


@pytest.fixture
def served(tmp_path):
    # The served site gets a fresh SQLite database of its own, also in the PostgreSQL run:
    # it must never migrate or fill the database the other tests use.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    flames = [sys.executable, "-m", "flames"]
    subprocess.run([*flames, "migrate", "-v0"], env=env, check=True)
    demo = subprocess.run([*flames, "demo", "--once"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*flames, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(base + "/en/")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                os.killpg(server.pid, signal.SIGKILL)
                pytest.fail("flames serve did not start:\n" + (server.stdout.read() or ""))
            time.sleep(0.2)
    yield base, demo.stdout.decode()
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=10)


def test_served_site_has_demo_pages_and_hashed_static_files(served):
    base, demo_output = served

    episode_url = base + "/en/episodes/121-ukraine-and-nato-partnership-anniversary/"
    status, headers, html = fetch(episode_url)

    assert demo_output.startswith("Demo content ready: #121 Ukraine and NATO partnership")
    assert status == 200
    assert headers["server"] == "granian"
    assert "Valeriy Chaly" in html
    stylesheet = re.search(r'href="(/static/flames/site\.[0-9a-f]{12}\.css)"', html).group(1)
    css_status, css_headers, _ = fetch(base + stylesheet)
    assert css_status == 200
    assert css_headers["cache-control"] == "max-age=315360000, public, immutable"


@pytest.fixture
def never_serve(monkeypatch):
    """Bad input must stop the command before it replaces this process with the server."""

    def execv(*args):
        pytest.fail("flames serve started the server despite bad input")

    monkeypatch.setattr(os, "execv", execv)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "99999"], "argument --port: 99999 is not between 1 and 65535"),
        (["--port", "http"], "argument --port: 'http' is not a whole number"),
        (["--workers", "0"], "argument --workers: 0 is not between 1 and 256"),
    ],
)
def test_serve_refuses_bad_options_in_one_line(never_serve, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("serve", *arguments)
    assert str(error.value) == f"Error: {message}"


def test_serve_refuses_a_bad_port_from_the_environment(never_serve, monkeypatch):
    monkeypatch.setenv("FLAMES_PORT", "80a")
    with pytest.raises(CommandError) as error:
        call_command("serve")
    assert str(error.value) == "FLAMES_PORT: '80a' is not a whole number"


def test_serve_refuses_a_port_in_use_in_one_line(never_serve):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError) as error:
            call_command("serve", "--port", str(port))

    assert str(error.value) == (
        f"127.0.0.1:{port} is already in use; choose another port with --port or FLAMES_PORT"
    )


def test_serve_on_a_busy_port_says_so_in_one_line_before_anything_else(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env["FLAMES_PORT"] = str(port)
        result = subprocess.run(
            [sys.executable, "-m", "flames", "serve", "--workers", "1"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"CommandError: 127.0.0.1:{port} is already in use; choose another port with --port "
        "or FLAMES_PORT\n"
    )


def test_serve_refuses_a_host_it_cannot_find_in_one_line(never_serve):
    with pytest.raises(CommandError) as error:
        call_command("serve", "--host", "no-such-host.invalid", "--port", "8000")

    assert str(error.value).startswith("cannot listen on no-such-host.invalid:8000: ")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A data directory with a migrated database and collected static files."""
    data_dir = tmp_path_factory.mktemp("serve-stop")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(data_dir), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    flames = [sys.executable, "-m", "flames"]
    subprocess.run([*flames, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*flames, "collectstatic", "--no-input", "-v0"], env=env, check=True)
    return env


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


# Moments to stop at, by the line the server has just written; None: at once.
@pytest.mark.parametrize(
    "moment",
    [
        None,
        "Flames is serving",
        "Spawning worker-1",
        "Spawning worker-2",
        "Started worker",
        "ready",
    ],
)
def test_sigterm_stops_the_server_and_its_workers_in_every_state(migrated, moment):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flames", "serve", "--port", str(port), "--workers", "2"],
        env=migrated,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    try:
        if moment == "ready":
            while True:
                try:
                    fetch(f"http://127.0.0.1:{port}/en/")
                    break
                except OSError:
                    assert server.poll() is None, "flames serve stopped by itself"
                    time.sleep(0.1)
        elif moment:
            while not any(moment in line for line in seen):
                line = server.stdout.readline()
                assert line, f"flames serve ended before {moment!r}: {seen}"
                seen.append(line)
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        # Workers stop with the server or are killed by it.
        deadline = time.monotonic() + 2
        while group_alive(server.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not group_alive(server.pid), "worker processes outlived the server"
    finally:
        if group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
