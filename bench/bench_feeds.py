"""Time and bytes of every feed on the synthetic 10,000-episode archive.

    .venv/bin/python bench/bench_feeds.py [--requests 50]

Builds the archive (generate.py) in a fresh SQLite database in a temporary data
directory, gives every published episode a media file so the podcast feed is
full, then requests each feed through Django's own WSGI handler, without the
page cache that flames.wsgi adds, so every request renders: median and p99
server time of ``--requests`` requests after 5 untimed ones, response bytes,
queries, and the median time of a conditional request answered with 304.

Targets from issue 4: every feed ≤ 50 ms at median, a 304 ≤ 5 ms. Prints a
markdown table and writes it to bench/out/feeds.md. Timings vary between runs
(up to 2.5x on these machines): compare within one run.
"""

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from time import perf_counter, process_time

BENCH = Path(__file__).resolve().parent
DATA_DIR = tempfile.mkdtemp(prefix="flames-bench-feeds-")
os.environ["FLAMES_DATA_DIR"] = DATA_DIR
os.environ.setdefault("FLAMES_SECRET_KEY", "bench-feeds-only-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")
os.environ.pop("DATABASE_URL", None)
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from flames.episodes.models import Episode, Topic  # noqa: E402
from flames.people.models import Person  # noqa: E402

FEED_TARGET_MS = 50.0
NOT_MODIFIED_TARGET_MS = 5.0
WARM_UP = 5


def build() -> float:
    """Migrate, build the archive, add media files, collect static files; return seconds."""
    try:
        from generate import build_archive
    except ImportError:  # pragma: no cover - generate.py is part of bench/
        raise SystemExit("bench/generate.py is missing: it builds the archive") from None
    call_command("migrate", interactive=False, verbosity=0)
    started = perf_counter()
    build_archive()
    Episode.objects.published().update(
        media_url="https://media.example.org/episode.mp3",
        media_size=58_000_000,
        media_type="audio/mpeg",
    )
    seconds = perf_counter() - started
    call_command("collectstatic", interactive=False, verbosity=0)
    return seconds


def request(handler, path: str, **headers) -> tuple[str, dict, bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    result = handler(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return answer["status"], answer["headers"], body


def timed(handler, path: str, count: int, **headers) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of ``count`` requests, after a few untimed ones."""
    for _ in range(WARM_UP):
        request(handler, path, **headers)
    wall, cpu = [], []
    for _ in range(count):
        started, started_cpu = perf_counter(), process_time()
        status, _headers, _body = request(handler, path, **headers)
        wall.append((perf_counter() - started) * 1000)
        cpu.append((process_time() - started_cpu) * 1000)
    expected = "304" if headers else "200"
    if not status.startswith(expected):
        raise RuntimeError(f"GET {path} answered {status}, expected {expected}")
    return sorted(wall), sorted(cpu)


def feeds() -> list[tuple[str, str]]:
    topic = Topic.objects.annotate(n=Count("episodes")).order_by("-n").first()
    busiest = (
        Person.objects.annotate(
            n=Count("appearances", filter=Q(appearances__episode__status="published"))
        )
        .order_by("-n")
        .first()
    )
    return [
        ("series RSS", "/en/feeds/episodes.rss"),
        ("series Atom", "/en/feeds/episodes.atom"),
        (f"topic RSS ({topic.name})", f"/en/feeds/topics/{topic.slug}.rss"),
        (f"person RSS ({busiest.n} episodes)", f"/en/feeds/people/{busiest.slug}.rss"),
        ("person Atom", f"/en/feeds/people/{busiest.slug}.atom"),
        ("podcast", "/en/feeds/podcast.rss"),
        ("podcast (Ukrainian)", "/uk/feeds/podcast.rss"),
        ("calendar", "/en/feeds/calendar.ics"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap episodes-en, page 1", "/sitemap-episodes-en.xml"),
    ]


def measure(handler, count: int) -> list[dict]:
    rows = []
    for name, path in feeds():
        status, headers, body = request(handler, path)
        if not status.startswith("200"):
            raise RuntimeError(f"GET {path} answered {status}")
        queries = []

        def record(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(record):
            request(handler, path)
        times, cpu = timed(handler, path, count)
        not_modified, _cpu = timed(handler, path, count, HTTP_IF_NONE_MATCH=headers["ETag"])
        rows.append(
            {
                "name": name,
                "path": path,
                "median": statistics.median(times),
                "p99": times[min(len(times) - 1, round(len(times) * 0.99))],
                "cpu": statistics.median(cpu),
                "bytes": len(body),
                "queries": len(queries),
                "not_modified": statistics.median(not_modified),
                "is_feed": not name.startswith("sitemap"),
            }
        )
    return rows


def table(rows: list[dict], build_seconds: float, count: int) -> str:
    lines = [
        f"Feeds on {Episode.objects.count():,} episodes (archive built in {build_seconds:.1f} s); "
        f"{count} requests each through Django's WSGI handler, no page cache.",
        "",
        "| feed | URL | median ms | CPU ms | p99 ms | bytes | queries | 304 median ms | ok |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        fast = row["median"] <= FEED_TARGET_MS or not row["is_feed"]
        cheap = row["not_modified"] <= NOT_MODIFIED_TARGET_MS
        lines.append(
            f"| {row['name']} | `{row['path']}` | {row['median']:.1f} | {row['cpu']:.1f} | "
            f"{row['p99']:.1f} | "
            f"{row['bytes']:,} | {row['queries']} | {row['not_modified']:.2f} | "
            f"{'yes' if fast and cheap else 'NO'} |"
        )
    lines += [
        "",
        f"Targets: every feed ≤ {FEED_TARGET_MS:.0f} ms at median, a 304 ≤ "
        f"{NOT_MODIFIED_TARGET_MS:.0f} ms (judged on wall-clock medians; CPU ms, the median CPU "
        "time, is what other work on a busy machine disturbs less). The sitemap rows are for "
        "information (no target).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="timed requests per feed")
    args = parser.parse_args()
    try:
        build_seconds = build()
        rows = measure(get_wsgi_application(), args.requests)
        report = table(rows, build_seconds, args.requests)
        print(report)
        out = BENCH / "out"
        out.mkdir(exist_ok=True)
        (out / "feeds.md").write_text(report + "\n")
    finally:
        connection.close()
        shutil.rmtree(DATA_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
