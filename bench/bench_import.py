"""Import 1,000 synthetic announcements into SQLite and into PostgreSQL.

    python bench/bench_import.py            # both databases, prints a markdown table
    python bench/bench_import.py --only sqlite

Each database run happens in a fresh subprocess with its own empty database, so
settings (read from the environment at start-up) are those a real deployment uses.
Target from issue 3: the 1,000-file import in 20 s or less on SQLite.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANNOUNCEMENTS = 1_000
TARGET_SQLITE_SECONDS = 20.0
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/flames_bench"
)

FIRST = "Olena Ivan Marta Ostap Iryna Pavlo Oksana Taras Yulia Andrii Kateryna Serhii".split()
LAST = (
    "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Oliynyk Lysenko Melnyk Moroz Savchenko "
    "Rudenko Marchenko Petrenko Klymenko Pavlenko Levchenko Kuzmenko Zinchenko Hrytsenko Yatsenko"
).split()
ROLES = [
    "analyst at Kyiv Security Forum",
    "Member of the Verkhovna Rada Committee on Foreign Affairs",
    "Minister of Foreign Affairs of Ukraine (2014-2019)",
    "journalist",
    "Head of the Ukrainian Institute, former diplomat",
    "professor at Kyiv-Mohyla Academy",
    "Director of the Centre for Defence Strategies",
]
CLOSING = (
    "UKRAINE IN FLAMES project is created by Ukraine Crisis Media Center and NGO “Euroatlantic "
    "Course”. We are aiming at searching a loud support for Ukraine in the war started by Russia "
    "on the 24th of February 2022.\n\nIf you want to support Ukraine against Russian aggression, "
    "check the link with recommendations by Ukraine Crisis Media Center –\n\nNGO Euroatlantic "
    "Course collects donations to support Ukrainian Army and civilians –\n"
)


def announcements(count: int) -> list[str]:
    """Deterministic announcements: 240 people recur across episodes, as real panels do."""
    rng = random.Random(121)
    people = [f"{first} {last}" for first in FIRST for last in LAST]
    texts = []
    for number in range(1, count + 1):
        panel = rng.sample(people, rng.randint(3, 7))
        bullets = "\n".join(f"  • {name}, {rng.choice(ROLES)}" for name in panel)
        texts.append(
            f"Ukraine in Flames #{number}: the war, week {number}\n\n"
            f"The panel discusses the front line, sanctions and support for Ukraine in week "
            f"{number} of the full-scale invasion. Watch Ukraine in Flames #{number}.\n\n"
            f"{bullets}\n\n{CLOSING}"
        )
    return texts


def run_import(database: str) -> dict:
    """In this process: migrate an empty database, import every announcement, time it."""
    import django

    django.setup()
    from django.core.management import call_command

    from flames.ingest.services import import_announcement
    from flames.search import signals as search_index

    call_command("migrate", verbosity=0)
    texts = announcements(ANNOUNCEMENTS)
    started = time.perf_counter()
    actions = {}
    with search_index.batched():  # as flames import does
        for index, text in enumerate(texts):
            result = import_announcement(text=text, source=f"{index}.txt")
            actions[result.action] = actions.get(result.action, 0) + 1
    seconds = time.perf_counter() - started
    return {"database": database, "seconds": seconds, "actions": actions}


def in_subprocess(database: str, url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="flames-bench-import-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLAMES_")}
        env.update(
            DJANGO_SETTINGS_MODULE="flames.settings",
            FLAMES_DATA_DIR=data_dir,
            FLAMES_SECRET_KEY="bench-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEF",
            PYTHONPATH=str(ROOT),
        )
        env.pop("DATABASE_URL", None)
        if url:
            env["DATABASE_URL"] = url
            _recreate_postgres_database(url)
        output = subprocess.run(
            [sys.executable, __file__, "--worker", database],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(output.stdout.strip().splitlines()[-1])


def _recreate_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(run_import(options.worker)))
        return
    runs = []
    if options.only in (None, "sqlite"):
        runs.append(in_subprocess("sqlite", None))
    if options.only in (None, "postgresql"):
        runs.append(in_subprocess("postgresql", POSTGRES_URL))
    print(f"Importing {ANNOUNCEMENTS} announcements (fresh database each)\n")
    print("| database | seconds | files/s | created | target | ok |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for run in runs:
        is_sqlite = run["database"] == "sqlite"
        target = f"≤ {TARGET_SQLITE_SECONDS:.0f} s" if is_sqlite else "—"
        ok = ("yes" if run["seconds"] <= TARGET_SQLITE_SECONDS else "NO") if is_sqlite else "—"
        print(
            f"| {run['database']} | {run['seconds']:.1f} | {ANNOUNCEMENTS / run['seconds']:.0f} "
            f"| {run['actions'].get('created', 0)} | {target} | {ok} |"
        )


if __name__ == "__main__":
    main()
