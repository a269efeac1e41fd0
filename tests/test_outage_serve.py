"""`flames serve` through a PostgreSQL crash: on a cluster of its own that this test
starts, stops (immediate mode, as a crash) and starts again; never the machine's own."""

import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.environment import TEST_SECRET_KEY
from tests.test_serve import fetch, free_port

EPISODE = "/uk/episodes/121-ukraine-and-nato-partnership-anniversary/"
PG_BINARIES = sorted(
    glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[4])
)


class Cluster:
    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.bin = Path(PG_BINARIES[-1])
        self.url = f"postgres://postgres@127.0.0.1:{port}/flames"

    def run(self, program: str, *arguments: str):
        # PostgreSQL refuses to run as root.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, str(self.bin / program), *arguments], check=True, capture_output=True
        )

    def start(self):
        options = f"-p {self.port} -k {self.folder} -h 127.0.0.1"
        log = str(self.folder / "postgres.log")
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", log, "-w", "start")

    def crash(self):
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")


@pytest.fixture
def cluster():
    if not PG_BINARIES:
        pytest.skip("PostgreSQL server programs are not installed")
    # In /tmp itself: the postgres user cannot enter pytest's folders, which are root's.
    folder = Path(tempfile.mkdtemp(prefix="flames-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, free_port())
    cluster.run("initdb", "-D", str(folder / "data"), "-U", "postgres", "--auth=trust")
    cluster.start()
    cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "flames")
    yield cluster
    subprocess.run(
        ["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)
        + [str(cluster.bin / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "stop"],
        capture_output=True,
    )
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def served(cluster, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(
        FLAMES_DATA_DIR=str(tmp_path), FLAMES_SECRET_KEY=TEST_SECRET_KEY, DATABASE_URL=cluster.url
    )
    flames = [sys.executable, "-m", "flames"]
    subprocess.run([*flames, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*flames, "demo", "--once"], env=env, check=True, capture_output=True)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*flames, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(base + "/en/")[0] == 200, seconds=30)
        yield base, log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def wait_for(condition, *, seconds: float) -> float:
    """Poll until ``condition`` holds; the seconds it took."""
    started = time.monotonic()
    while True:
        try:
            if condition():
                return time.monotonic() - started
        except OSError:
            pass
        if time.monotonic() - started > seconds:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.05)


def answer(url):
    try:
        return fetch(url)
    except urllib.error.HTTPError as error:
        headers = {name.lower(): value for name, value in error.headers.items()}
        return error.code, headers, error.read().decode()


def test_served_site_rides_out_a_database_crash(cluster, served):
    base, log = served
    cached = answer(base + EPISODE)[::2]  # status and body: the server dates each answer
    assert answer(base + EPISODE)[::2] == cached

    cluster.crash()
    time.sleep(1.1)  # past the page cache's once-a-second look at the database
    during = [answer(base + EPISODE)[::2] for _ in range(5)]
    status, headers, body = answer(base + "/uk/people/")
    others = [answer(base + path)[0] for path in ["/en/topics/", "/uk/about/"] * 10]

    assert during == [cached] * 5
    assert (status, headers["retry-after"]) == (503, "30")
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    assert "Тимчасово недоступно" in body
    assert others == [503] * 20
    lines = log.read_text().splitlines()
    assert len([line for line in lines if "database unreachable" in line]) == 1
    assert not [line for line in lines if "Traceback" in line]

    cluster.start()
    back = wait_for(lambda: answer(base + "/uk/people/")[0] == 200, seconds=10)
    print(f"served again {back:.2f} s after PostgreSQL started")
