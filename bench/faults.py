"""Faults, on SQLite and on a PostgreSQL this script starts and stops itself:

    .venv/bin/python bench/faults.py          # about five minutes; needs root
    .venv/bin/python bench/faults.py --only sqlite

1. Outage: `flames serve` (2 workers, the demo and imported episodes) under load
   from a threaded client while the database stops for a few seconds and comes
   back (PostgreSQL: `pg_ctl stop` and `start`; SQLite: a folder takes the
   database file's name, and the server opens a connection per request). Counts,
   during the outage, the cached pages served (200) and the 503s for the rest,
   the log lines saying the database is unreachable, and the time from the
   restart to the first page rendered again.
2. Killed import: `flames import` of 60 new announcements killed with SIGKILL at
   a random point, ten times; after each kill every episode in the database is
   whole (its record of import, its whole panel), and after the rerun the search
   index holds exactly the episodes of the database.
3. Disk full (SQLite, the data directory on a 48 MB tmpfs filled to the last
   block): import, export and serve each say in one line what is full; nothing
   is half-written and serve starts from the static files collected before.

Prints one markdown table (scenario | database | result | target | ok). The
PostgreSQL cluster lives in a temporary folder on its own port, run by the
postgres user through runuser, and is removed at the end, as is everything else
this script made, also after an error or Ctrl-C. It never touches the machine's
own PostgreSQL.
"""

import argparse
import contextlib
import os
import random
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from bench_import import CLOSING, FIRST, LAST
from run import HOST, SERVER_WORKERS, free_port, start_server, stop_server, tail, wait_until_ready

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "announcements"
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
DISK_SIZE = "48m"
DATABASE_ROOM = 128 * 1024  # what SQLite needs to open a database on a full disk

LOAD_THREADS = 8
OUTAGE_SECONDS = 5
WARMING_ROUNDS = 12
TARGET_RECOVERY_SECONDS = 1.0
KILLS = 10
ROUND_FILES = 60
SPEAKERS = 4
UNREACHABLE = re.compile(r"database.{0,40}unreachable", re.IGNORECASE)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("bench/faults.py: run as root (it mounts a tmpfs and runs PostgreSQL)")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    rows = []
    with contextlib.ExitStack() as cleanup:
        work = Path(tempfile.mkdtemp(prefix="flames-faults-"))
        work.chmod(0o755)  # the postgres user works in a folder inside
        cleanup.callback(shutil.rmtree, work, True)
        for kind in ("sqlite", "postgresql"):
            if args.only and args.only != kind:
                continue
            print(f"{kind}: preparing ...", flush=True)
            database = (
                SQLite(work / "sqlite") if kind == "sqlite" else Postgres(cleanup, work / "pg")
            )
            site = Site(work / f"site-{kind}", database)
            print(f"{kind}: database outage under load ...", flush=True)
            rows += outage(cleanup, site)
            print(f"{kind}: import killed {KILLS} times ...", flush=True)
            rows += killed_imports(site)
        if args.only != "postgresql":
            print("sqlite: disk full ...", flush=True)
            rows += disk_full(cleanup, work / "disk")
    print()
    print(table(rows))
    if not all(row[-1] for row in rows):
        sys.exit(1)


def table(rows) -> str:
    lines = ["| scenario | database | result | target | ok |", "| --- | --- | --- | --- | --- |"]
    for scenario, database, result, target, ok in rows:
        lines.append(f"| {scenario} | {database} | {result} | {target} | {'yes' if ok else 'NO'} |")
    return "\n".join(lines)


# --- Databases ---------------------------------------------------------------------------


class SQLite:
    name = "SQLite"

    def __init__(self, folder: Path):
        self.folder = folder
        self.url = ""

    def path(self, data_dir: Path) -> Path:
        return data_dir / "flames.sqlite3"

    def rows(self, site, sql: str) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(self.path(site.data), timeout=30)) as connection:
            return connection.execute(sql).fetchall()

    def stop(self, site) -> None:
        """The database file becomes unreachable: a folder takes its name, so opening it
        fails. (The open file, its journal and the connections that have it are left
        alone; the outage's server opens a connection per request, see outage.)"""
        path = self.path(site.data)
        path.rename(path.with_name(path.name + ".down"))
        path.mkdir()

    def start(self, site) -> None:
        path = self.path(site.data)
        path.rmdir()
        path.with_name(path.name + ".down").rename(path)


class Postgres:
    """A PostgreSQL 15 cluster of our own in a temporary folder, on its own port."""

    name = "PostgreSQL"

    def __init__(self, cleanup, folder: Path):
        self.folder = folder
        self.port = free_port()
        folder.mkdir(parents=True)
        shutil.chown(folder, "postgres", "postgres")
        self.data = folder / "data"
        self.postgres("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.start(None)
        cleanup.callback(self.postgres, "pg_ctl", "-D", str(self.data), "stop", "-m", "immediate")
        self.postgres("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "flames")
        self.url = f"postgres://postgres@{HOST}:{self.port}/flames"

    def postgres(self, program: str, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", str(POSTGRES_BIN / program), *args]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def rows(self, site, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()

    def stop(self, site) -> None:
        self.postgres("pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w")

    def start(self, site) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST}"
        log = str(self.folder / "postgres.log")
        self.postgres("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "start", "-w")


# --- The site ----------------------------------------------------------------------------


class Site:
    """A data directory with the demo and the sample announcements, published."""

    def __init__(self, folder: Path, database):
        self.folder, self.database = folder, database
        self.data = folder / "data"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))
        }
        self.env.update(FLAMES_DATA_DIR=str(self.data), FLAMES_SECRET_KEY=secrets.token_urlsafe(50))
        if database.url:
            self.env["DATABASE_URL"] = database.url
        self.rounds = 0
        self.check("migrate", "-v0")
        self.check("demo", "--once")
        self.check("import", "--status", "published", str(SAMPLES))
        self.check("collectstatic", "--no-input", "-v0")

    def flames(self, *args, **options) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "flames", *args]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, **options)

    def check(self, *args) -> str:
        result = self.flames(*args)
        if result.returncode != 0:
            raise RuntimeError(f"flames {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def rows(self, sql: str) -> list[tuple]:
        return self.database.rows(self, sql)

    def addresses(self) -> list[str]:
        episodes = [slug for (slug,) in self.rows("SELECT slug FROM episodes_episode")]
        people = [slug for (slug,) in self.rows("SELECT slug FROM people_person")]
        pages = [f"/{language}/episodes/{slug}/" for language in ("en", "uk") for slug in episodes]
        pages += [f"/{language}/people/{slug}/" for language in ("en", "uk") for slug in people]
        return pages


# --- 1. Outage ---------------------------------------------------------------------------


def outage(cleanup, site: Site) -> list:
    """Stop the database under load, start it again; what readers got meanwhile."""
    port = free_port()
    log = site.folder / "serve.log"
    command = [sys.executable, "-m", "flames", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(SERVER_WORKERS)]
    # SQLite has no server to stop: requests must open the file to notice it is gone.
    environment = (
        {**site.env, "FLAMES_CONN_MAX_AGE": "0"} if site.database.name == "SQLite" else site.env
    )
    server = start_server(cleanup, command, log, environment)
    base = f"http://{HOST}:{port}"
    wait_until_ready(base + "/en/", server, log)
    pages = site.addresses()
    random.Random(16).shuffle(pages)
    cached, uncached = pages[: len(pages) // 2], pages[len(pages) // 2 :]
    # Each worker keeps its own cache and the kernel picks the worker: after twelve rounds
    # the chance that a worker never saw a page is 1 in 4,096.
    for _round in range(WARMING_ROUNDS):
        for page in cached:
            get(base + page)
    answers: list[tuple[float, bool, int]] = []  # (time, cached, status)
    stop, database_stopped = threading.Event(), threading.Event()

    def reader(number: int) -> None:
        rng = random.Random(number)
        while not stop.is_set():
            # The other pages are first asked for in the outage, so no worker has them.
            is_cached = not database_stopped.is_set() or rng.random() < 0.5
            page = rng.choice(cached if is_cached else uncached)
            status = get(base + page)
            answers.append((time.monotonic(), is_cached, status))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)
        site.database.stop(site)
        down = time.monotonic()
        database_stopped.set()
        time.sleep(OUTAGE_SECONDS)
        restarting = time.monotonic()
        site.database.start(site)
        up = time.monotonic()
        time.sleep(3)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        stop_server(server)
    # Requests sent while the database was down, by whether their page was cached.
    during = [
        (is_cached, status) for at, is_cached, status in answers if down + 1 < at < restarting
    ]
    hits = [status for is_cached, status in during if is_cached]
    misses = [status for is_cached, status in during if not is_cached]
    rendered_again = [
        at for at, is_cached, status in answers if at > up and not is_cached and status == 200
    ]
    recovery = (min(rendered_again) - up) if rendered_again else float("inf")
    text = log.read_text(errors="replace")
    said = len(UNREACHABLE.findall(text))
    tracebacks = text.count("Traceback (most recent call last)")
    name = site.database.name
    return [
        (
            "outage: cached pages",
            name,
            f"{hits.count(200):,} of {len(hits):,} served (200){_others(hits, 200)}",
            "all",
            bool(hits) and hits.count(200) == len(hits),
        ),
        (
            "outage: other pages",
            name,
            f"{misses.count(503):,} of {len(misses):,} answered 503{_others(misses, 503)}",
            "all",
            bool(misses) and misses.count(503) == len(misses),
        ),
        (
            "outage: log",
            name,
            f"{said} lines 'database unreachable', {tracebacks} tracebacks",
            f"1 per worker ({SERVER_WORKERS}), no traceback",
            1 <= said <= SERVER_WORKERS and tracebacks == 0,
        ),
        (
            "outage: recovery",
            name,
            f"{recovery:.2f} s after the restart",
            f"≤ {TARGET_RECOVERY_SECONDS:.0f} s",
            recovery <= TARGET_RECOVERY_SECONDS,
        ),
    ]


def _others(statuses: list[int], expected: int) -> str:
    """The statuses other than the expected one, as "; others: 500 ×3, no answer ×1"."""
    others = Counter(status for status in statuses if status != expected)
    if not others:
        return ""
    named = (f"{status or 'no answer'} ×{count}" for status, count in sorted(others.items()))
    return "; others: " + ", ".join(named)


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # no answer at all


# --- 2. Killed imports -------------------------------------------------------------------


def announcements(folder: Path, first: int, count: int) -> None:
    """``count`` new announcements numbered from ``first``, each with a panel of four."""
    people = [f"{given} {family}" for given in FIRST for family in LAST]
    folder.mkdir(parents=True)
    for number in range(first, first + count):
        panel = [people[(number * 7 + step * 13) % len(people)] for step in range(SPEAKERS)]
        bullets = "\n".join(f"  • {name}, analyst at Kyiv Security Forum" for name in panel)
        (folder / f"{number:05d}.txt").write_text(
            f"Ukraine in Flames #{number}: the war, week {number}\n\n"
            f"The panel discusses the front line in week {number}. Watch Ukraine in Flames "
            f"#{number}.\n\nSpeakers:\n{bullets}\n\n{CLOSING}"
        )


def killed_imports(site: Site) -> list:
    rng = random.Random(10)
    partial, inconsistent, failed_reruns, committed = [], [], 0, []
    for kill in range(KILLS):
        folder = site.folder / f"round-{kill}"
        announcements(folder, 10_000 + kill * ROUND_FILES, ROUND_FILES)
        before = episode_count(site)
        target = before + rng.randint(1, ROUND_FILES - 1)
        command = [sys.executable, "-m", "flames", "import", "--status", "published", str(folder)]
        importing = subprocess.Popen(
            command, env=site.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while importing.poll() is None and episode_count(site) < target:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside the next file
        importing.send_signal(signal.SIGKILL)
        importing.wait()
        committed.append(episode_count(site) - before)
        partial += incomplete_episodes(site)
        rerun = site.flames("import", "--status", "published", str(folder))
        failed_reruns += rerun.returncode != 0
        if indexed_episodes(site) != set(episode_ids(site)):
            inconsistent.append(kill)
    name = site.database.name
    return [
        (
            f"import killed ×{KILLS}",
            name,
            f"{', '.join(map(str, committed))} episodes committed when killed; "
            f"{len(partial)} incomplete",
            "0 incomplete",
            not partial,
        ),
        (
            "import rerun after a kill",
            name,
            f"{KILLS - failed_reruns} of {KILLS} succeeded; search index ≠ database "
            f"{len(inconsistent)} times",
            "all succeed, index = database",
            failed_reruns == 0 and not inconsistent,
        ),
    ]


def episode_count(site: Site) -> int:
    try:
        return site.rows("SELECT count(*) FROM episodes_episode")[0][0]
    except Exception:  # locked for a moment by the import's write
        return 0


def episode_ids(site: Site) -> list[int]:
    return [pk for (pk,) in site.rows("SELECT id FROM episodes_episode")]


def incomplete_episodes(site: Site) -> list[int]:
    """Imported episodes without their record of import or with part of their panel."""
    return [
        pk
        for (pk,) in site.rows(
            "SELECT e.id FROM episodes_episode e WHERE e.number >= 10000 AND ("
            "NOT EXISTS (SELECT 1 FROM ingest_importedannouncement i WHERE i.episode_id = e.id)"
            f" OR (SELECT count(*) FROM episodes_appearance a WHERE a.episode_id = e.id) <> "
            f"{SPEAKERS})"
        )
    ]


def indexed_episodes(site: Site) -> set[int]:
    rows = site.rows("SELECT object_id FROM search_searchentry WHERE kind = 'episode'")
    return {object_id for (object_id,) in rows}


# --- 3. Disk full ------------------------------------------------------------------------


def disk_full(cleanup, root: Path) -> list:
    root.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE}", "tmpfs", root], check=True)
    cleanup.callback(subprocess.run, ["umount", "-l", root], check=True)
    site = Site(root / "site", SQLite(root))
    mirror = root / "mirror"
    site.check("export", str(mirror), "--workers", "1", "--no-search")
    before = snapshot(mirror)
    rows = []
    filler = root / "filler"

    fill(filler)
    imported = site.flames("import", str(SAMPLES / "594.txt"), "--status", "published")
    free(filler)
    rows.append(
        (
            "disk full: import",
            "SQLite",
            one_line(imported),
            "1 line, exit 1",
            imported.returncode == 1 and len(imported.stderr.splitlines()) == 1,
        )
    )

    fill(filler, leave=DATABASE_ROOM)
    exported = site.flames(
        "export", str(mirror), "--workers", "1", "--no-search", "--base-url", "https://m.example/"
    )
    free(filler)
    whole = snapshot(mirror) == before
    rows.append(
        (
            "disk full: export",
            "SQLite",
            one_line(exported) + ("; last mirror intact" if whole else "; mirror CHANGED"),
            "1 line, exit 1, mirror intact",
            exported.returncode == 1 and len(exported.stderr.splitlines()) == 1 and whole,
        )
    )

    # A new release: a static file that is not collected yet, larger than the room left.
    (site.data / "static" / "admin" / "js" / "vendor" / "jquery" / "jquery.js").unlink()
    fill(filler, leave=DATABASE_ROOM)
    port = free_port()
    command = [sys.executable, "-m", "flames", "serve", "--host", HOST, "--port", str(port)]
    log = root.parent / "disk-full-serve.log"  # not on the full disk
    with contextlib.ExitStack() as serving:
        server = start_server(serving, [*command, "--workers", "1"], log, site.env)
        try:
            wait_until_ready(f"http://{HOST}:{port}/en/", server, log)
            served = True
        except RuntimeError:
            served = False
    free(filler)
    said = [line for line in log.read_text().splitlines() if line.startswith("flames serve:")]
    rows.append(
        (
            "disk full: serve",
            "SQLite",
            f"{'served' if served else 'NOT served'}; {said[0] if said else tail(log, 1)}",
            "serves the files collected before, 1 line",
            served and len(said) == 1,
        )
    )
    return rows


def fill(filler: Path, *, leave: int = 0) -> None:
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (1 << 20, 1 << 16, 1 << 12, 512):
            with contextlib.suppress(OSError):
                while True:
                    os.write(handle, b"\0" * size)
        os.ftruncate(handle, max(os.fstat(handle).st_size - leave, 0))
    finally:
        os.close(handle)


def free(filler: Path) -> None:
    filler.unlink()


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.splitlines()
    shown = lines[0] if len(lines) == 1 else f"{len(lines)} lines: {lines[-1] if lines else ''}"
    return f"exit {result.returncode}: `{shown}`"


def snapshot(folder: Path) -> dict:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


if __name__ == "__main__":
    main()
