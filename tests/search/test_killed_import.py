"""Whatever stops an import, the search index agrees with the database after the next
successful command: real `flames import` processes, one killed outright."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.environment import TEST_SECRET_KEY
from tests.samples import many_announcements


def environment(data_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLAMES_", "DATABASE_URL"))}
    env.update(FLAMES_DATA_DIR=str(data_dir), FLAMES_SECRET_KEY=TEST_SECRET_KEY)
    return env


def query(database, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute(sql).fetchall()


def indexed_episodes(database) -> set[int]:
    """Episodes the full-text index finds by a word every title has."""
    rows = query(
        database,
        "SELECT e.object_id FROM search_fts_records JOIN search_searchentry e "
        "ON e.id = search_fts_records.rowid WHERE search_fts_records MATCH 'flames' "
        "AND e.kind = 'episode'",
    )
    return {object_id for (object_id,) in rows}


def test_a_killed_import_is_searchable_after_the_rerun(tmp_path):
    data_dir = tmp_path / "var"
    env = environment(data_dir)
    database = data_dir / "flames.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "flames", "migrate", "-v0"], env=env, check=True, timeout=120
    )
    folder = tmp_path / "announcements"
    many_announcements(folder, 150)
    importing = [sys.executable, "-m", "flames", "import", "--status", "published", str(folder)]

    killed = subprocess.Popen(importing, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    committed = 0
    deadline = time.monotonic() + 120
    while committed < 10 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        committed = query(database, "SELECT count(*) FROM episodes_episode")[0][0]
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    episodes_when_killed = query(database, "SELECT count(*) FROM episodes_episode")[0][0]
    rerun = subprocess.run(importing, env=env, capture_output=True, text=True, timeout=300)
    found = subprocess.run(
        [sys.executable, "-m", "flames", "search", "query", "week 3"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert killed.returncode == -signal.SIGKILL
    assert 10 <= episodes_when_killed < 150, "the import ended before it could be killed"
    assert rerun.returncode == 0, rerun.stderr
    episodes = {pk for (pk,) in query(database, "SELECT id FROM episodes_episode")}
    assert len(episodes) == 150
    assert indexed_episodes(database) == episodes
    assert found.stdout.splitlines() == [
        "1 results",
        "episode      the war, week 3  /en/episodes/3-the-war-week-3/",
    ]
