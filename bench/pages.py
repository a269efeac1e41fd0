"""Server-side page measurements, made in this process through Django's WSGI handler.

The handler is Django's own, without the page cache that flames.wsgi wraps it
in, so every request renders the page: this is the cost of a cache miss.

Importing this module sets Django up, so point the environment (FLAMES_DATA_DIR,
FLAMES_SECRET_KEY) at the benchmark's data directory first; run.py does.
"""

import cProfile
import functools
import io
import os
import pstats
import random
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import cycle, islice
from pathlib import Path
from time import perf_counter, process_time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import translation  # noqa: E402
from generate import build_archive  # noqa: E402

from flames.episodes.models import Episode  # noqa: E402
from flames.people.models import Person  # noqa: E402

SAMPLE_SEED = 7


@dataclass
class PageType:
    """A kind of page: the URLs timed in turn, and two URLs whose query counts must match."""

    name: str
    paths: list[str]
    compared: tuple[str, str]
    compared_as: str


@dataclass
class PageResult:
    name: str
    compared_as: str
    median_ms: float
    p99_ms: float
    cpu_median_ms: float
    html_bytes: int
    queries: tuple[int, int]
    slowest_query: tuple[float, str]


def prepare_archive() -> tuple[float, dict]:
    """Migrate, generate the archive and collect static files; return build seconds, counts."""
    call_command("migrate", interactive=False, verbosity=0)
    started = perf_counter()
    counts = build_archive()
    seconds = perf_counter() - started
    call_command("collectstatic", interactive=False, verbosity=0)
    return seconds, counts


@functools.cache
def django_handler():
    """Django's WSGI handler, made on first use: WhiteNoise lists the static files then."""
    return get_wsgi_application()


def get(path: str) -> tuple[str, bytes]:
    """One anonymous GET through Django's WSGI handler: (status line, body)."""
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
    }
    response = {}

    def start_response(status, headers, exc_info=None):
        response["status"] = status

    result = django_handler()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return response["status"], body


def get_ok(path: str) -> bytes:
    status, body = get(path)
    if not status.startswith("200"):
        raise RuntimeError(f"GET {path} answered {status}")
    return body


def page_types(requests: int) -> dict[str, PageType]:
    """Home, the episode list, ``requests`` different episodes, the busiest person."""
    with translation.override("en"):
        episodes = list(Episode.objects.published().order_by("id"))
        sample = random.Random(SAMPLE_SEED).sample(episodes, min(requests, len(episodes)))
        fewest, most = speaker_extremes()
        busiest, quietest = people_extremes()
        return {
            "home": PageType("home", ["/en/"], ("/en/", "/uk/"), "en vs uk"),
            "list": PageType(
                "episode list",
                ["/en/episodes/"],
                ("/en/episodes/", "/en/episodes/?page=200"),
                "page 1 vs 200",
            ),
            "episode": PageType(
                f"episode page ({len(sample)} different)",
                [episode.get_absolute_url() for episode in sample],
                (fewest.get_absolute_url(), most.get_absolute_url()),
                f"{fewest.speaker_count} vs {most.speaker_count} speakers",
            ),
            "person": PageType(
                f"person page (most appearances: {busiest.appearance_count})",
                [busiest.get_absolute_url()],
                (busiest.get_absolute_url(), quietest.get_absolute_url()),
                f"{busiest.appearance_count} vs {quietest.appearance_count} appearances",
            ),
        }


def speaker_extremes() -> tuple[Episode, Episode]:
    """The published episodes with the fewest and the most speakers."""
    episodes = Episode.objects.published().annotate(speaker_count=Count("appearances"))
    fewest = episodes.order_by("speaker_count", "id").first()
    most = episodes.order_by("-speaker_count", "id").first()
    return fewest, most


def people_extremes() -> tuple[Person, Person]:
    """The people with the most and the fewest published appearances (at least one)."""
    published = Q(appearances__episode__status=Episode.Status.PUBLISHED)
    people = Person.objects.annotate(
        appearance_count=Count("appearances", filter=published)
    ).filter(appearance_count__gt=0)
    busiest = people.order_by("-appearance_count", "id").first()
    quietest = people.order_by("appearance_count", "id").first()
    return busiest, quietest


def measure(page: PageType, *, warmup: int, requests: int) -> PageResult:
    """Time ``requests`` renders (after ``warmup`` untimed ones) and count queries.

    Besides the wall-clock time it records the CPU time this process spent, which
    other work on a busy machine disturbs far less.
    """
    for path in islice(cycle(page.paths), warmup):
        get_ok(path)
    wall, cpu = [], []
    largest = 0
    for path in islice(cycle(page.paths), requests):
        started, started_cpu = perf_counter(), process_time()
        body = get_ok(path)
        wall.append((perf_counter() - started) * 1000)
        cpu.append((process_time() - started_cpu) * 1000)
        largest = max(largest, len(body))
    first, second = (capture_queries(path) for path in page.compared)
    slowest_seconds, slowest_sql = max(first)
    return PageResult(
        name=page.name,
        compared_as=page.compared_as,
        median_ms=statistics.median(wall),
        p99_ms=percentile(wall, 99),
        cpu_median_ms=statistics.median(cpu),
        html_bytes=largest,
        queries=(len(first), len(second)),
        slowest_query=(slowest_seconds * 1000, slowest_sql),
    )


def percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def capture_queries(path: str) -> list[tuple[float, str]]:
    """(seconds, SQL) of each query one request of ``path`` makes.

    An execute wrapper sees the same queries as CaptureQueriesContext (and the
    tests' django_assert_num_queries) but times them finer than whole milliseconds.
    """
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        get_ok(path)
    return timer.queries


class QueryTimer:
    """A database execute wrapper recording each query's duration and SQL."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((perf_counter() - started, sql))


class _AssetLinks(HTMLParser):
    """Collects the stylesheets and scripts a page links to."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def asset_urls(html: bytes) -> list[str]:
    parser = _AssetLinks()
    parser.feed(html.decode())
    return parser.urls


def asset_bytes(urls: list[str]) -> int:
    """Uncompressed size of the linked files, fetched through the handler like a browser.

    A file from another site cannot be measured here and breaks the rule that
    nothing talks to a third party before the reader asks, so it is an error.
    """
    third_party = [url for url in urls if not url.startswith("/") or url.startswith("//")]
    if third_party:
        raise RuntimeError(f"The page loads from other sites: {', '.join(third_party)}")
    return sum(len(get_ok(url)) for url in urls)


def profile(path: str, requests: int, destination: Path) -> None:
    """Write the cProfile of ``requests`` renders of ``path``, slowest callers first."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        get_ok(path)
    profiler.disable()
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    destination.write_text(f"cProfile of {requests} x GET {path}\n{report.getvalue()}")
