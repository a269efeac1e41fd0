"""A full disk: the real commands, on a small tmpfs holding the data directory, say in
one line what is full and leave nothing half-written. Needs root (to mount), as the
CI has: a failed mount fails the tests, it does not skip them."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.environment import TEST_SECRET_KEY
from tests.samples import SAMPLES
from tests.test_serve import free_port

SIZE = "48m"
# Room for SQLite to open the database (its shared-memory file) and little more.
DATABASE_ROOM = 128 * 1024


class Disk:
    def __init__(self, root: Path):
        self.root = root
        self.data = root / "var"
        self.database = self.data / "flames.sqlite3"
        self.filler = root / "filler"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))
        }
        self.env.update(FLAMES_DATA_DIR=str(self.data), FLAMES_SECRET_KEY=TEST_SECRET_KEY)

    def flames(self, *args, timeout=300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flames", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def fill(self, *, leave: int = 0) -> None:
        """Take every byte left but ``leave``, as a growing log or another program would."""
        handle = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            for size in (1 << 20, 1 << 16, 1 << 12, 512):
                while True:
                    try:
                        os.write(handle, b"\0" * size)
                    except OSError:
                        break
            os.ftruncate(handle, max(os.fstat(handle).st_size - leave, 0))
        finally:
            os.close(handle)

    def free(self) -> None:
        self.filler.unlink()

    def count(self, table: str) -> int:
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def disk(tmp_path):
    root = tmp_path / "disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(root)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.fail(f"these tests mount a tmpfs and need root: {mounted.stderr.strip()}")
    try:
        disk = Disk(root)
        migrated = disk.flames("migrate", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(root)], check=True)


def test_import_on_a_full_disk_says_so_in_one_line_and_writes_nothing(disk):
    disk.fill()
    result = disk.flames("import", str(SAMPLES))
    disk.free()

    assert result.returncode == 1
    assert result.stderr == (f"flames import: no space left on device writing {disk.database}\n")
    assert disk.count("episodes_episode") == 0
    assert disk.count("ingest_importedannouncement") == 0
    again = disk.flames("import", str(SAMPLES))
    assert again.returncode == 0, again.stderr
    assert disk.count("episodes_episode") == 7


def test_serve_on_a_full_disk_serves_the_static_files_collected_before(disk):
    assert disk.flames("demo", "--once").returncode == 0
    assert disk.flames("collectstatic", "--no-input", "-v0").returncode == 0
    static = disk.data / "static"
    # A new release brings a file that is not collected yet (and larger than the room).
    (static / "admin" / "js" / "vendor" / "jquery" / "jquery.js").unlink()
    manifest = (static / "staticfiles.json").read_bytes()
    disk.fill(leave=DATABASE_ROOM)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "flames", "serve", "--port", str(port), "--workers", "1"],
        env=disk.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 60
        while status is None and server.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5) as page:
                    status = page.status
            except OSError:
                time.sleep(0.2)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    errors = server.stderr.read()

    assert status == 200, errors
    assert errors.splitlines()[0].startswith("flames serve: no space left on device writing ")
    assert errors.splitlines()[0].endswith("; serving the static files collected before")
    assert str(static) in errors.splitlines()[0]
    assert (static / "staticfiles.json").read_bytes() == manifest


def test_serve_on_a_full_disk_with_nothing_collected_fails_in_one_line(disk):
    disk.fill(leave=DATABASE_ROOM)
    result = disk.flames("serve", "--port", str(free_port()), "--workers", "1")

    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(
        f"CommandError: no space left on device writing {disk.data / 'static'}"
    )
    assert result.stderr.endswith(
        ", and no static files were collected before: free some space and start again\n"
    )


def test_export_on_a_full_disk_says_so_in_one_line_and_keeps_the_last_mirror(disk):
    mirror = disk.root / "mirror"
    assert disk.flames("demo", "--once").returncode == 0
    first = disk.flames("export", str(mirror), "--workers", "1", "--no-search")
    assert first.returncode == 0, first.stderr
    before = {path: path.read_bytes() for path in mirror.rglob("*") if path.is_file()}
    disk.fill(leave=DATABASE_ROOM)
    # Another base address changes every page: nothing can be linked from the last export.
    result = disk.flames(
        "export", str(mirror), "--workers", "1", "--no-search", "--base-url", "https://m.example/"
    )
    disk.free()

    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"flames export: no space left on device writing {disk.root}")
    after = {path: path.read_bytes() for path in mirror.rglob("*") if path.is_file()}
    assert after == before
    leftovers = [path.name for path in disk.root.iterdir() if path.name.startswith(".mirror.")]
    assert sorted(leftovers) == [".mirror.export-lock", ".mirror.standby"]
