"""The static export of the 10,000-episode archive, beside Hugo building as many pages.

    .venv/bin/python bench/bench_export.py            # 10 to 30 minutes
    .venv/bin/python bench/bench_export.py --no-search --keep
    .venv/bin/python bench/bench_export.py --episodes 2000 --tricks   # each speed trick, on and off

1. Builds the synthetic archive (generate.py) in a fresh SQLite database in a
   temporary data directory.
2. Full export (``flames export``'s service, both cores, static files collected):
   seconds, pages and files per second, then Pagefind's index of the pages the
   sitemap lists. Then the floor of a page, through the export's renderer: the CPU
   of a request with no template and no query, of the site's frame alone (the 404
   page) and of one query, set against the CPU per page that
   parity with Hugo allows (step 4).
3. Incremental export after one change (an episode's summary edited), three
   times with a different episode each time: the median run's seconds, pages
   rendered again, files written, unchanged and removed.
4. Hugo (Debian's ``hugo``) builds a generated site with as many pages, of the
   export's average page size, three times in the same run: the ratio export /
   Hugo's median, the target's measure.
5. Hugo builds the same archive as a site shaped like Flames (hugo_site.py), three
   times: seconds per page (a page the export renders, a file Hugo writes), export /
   Hugo, a like-for-like check that the plain baseline is not simply lighter work.
6. With ``--tricks``: each speed trick of the export switched off in turn (TRICKS),
   beside a run with all of them on, in rounds taken in turn: a full export into the
   existing mirror (without the search index, which no trick touches) and the median
   of three incremental exports after one edit each. A trick's share is what the
   export takes without it over what it takes with it, minus one.

Prints a markdown table and writes it to bench/out/export.md. The temporary
directory is removed at the end, also after an error or Ctrl-C.
"""

import argparse
import contextlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from hugo_site import write_site
from run import configure_environment, summary

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
HUGO = shutil.which("hugo") or "/usr/bin/hugo"
BASE_URL = "https://mirror.example/"
TARGET_RATIO = 1.0
TARGET_INCREMENTAL_SECONDS = 2.0
# Calls per round and rounds of each floor measurement (page_floor).
FLOOR_CALLS = 200
FLOOR_ROUNDS = 5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--episodes", type=int, default=10_000, help="episodes in the archive (10,000)"
    )
    parser.add_argument(
        "--tricks", action="store_true", help="also time the export without each speed trick"
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the trick timings")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not Path(HUGO).exists():
        sys.exit("bench_export.py: Hugo is missing: apt-get install -y hugo")
    OUT_DIR.mkdir(exist_ok=True)
    with contextlib.ExitStack() as cleanup:
        work = Path(tempfile.mkdtemp(prefix="flames-bench-export-"))
        if args.keep:
            print(f"Keeping {work}")
        else:
            cleanup.callback(shutil.rmtree, work, ignore_errors=True)
        configure_environment(work / "data")
        rows = run(work, args)
    report = render(rows, args)
    print()
    print(report)
    (OUT_DIR / "export.md").write_text(report)
    print(f"Written to {(OUT_DIR / 'export.md').relative_to(BENCH_DIR.parent)}")


def run(work: Path, args) -> list:
    import django

    django.setup()
    from django.core.management import call_command
    from generate import build_archive

    from flames.export.services import export_site

    call_command("migrate", interactive=False, verbosity=0)
    print("Building the archive ...", flush=True)
    counts = build_archive(episodes=args.episodes, people=max(300, args.episodes * 3 // 10))
    print(f"  {summary(counts)}")

    mirror = work / "mirror"
    print(f"Full export with {args.workers} workers ...", flush=True)
    full = export_site(
        directory=mirror,
        base_url=BASE_URL,
        workers=args.workers,
        search=not args.no_search,
        progress=sys.stderr.isatty(),
    )
    html = [p for p in mirror.rglob("index.html")]
    html_bytes = sum(p.stat().st_size for p in html)
    average = html_bytes // max(1, len(html))
    print(
        f"  {full.files:,} files ({full.pages:,} pages, {len(html):,} HTML) in "
        f"{full.render_seconds:.1f} s, search index {full.search_seconds:.1f} s"
    )

    print("What every page pays before its content ...", flush=True)
    floor = page_floor()
    print(
        f"  {floor['request']:.2f} ms a request, {floor['frame']:.2f} ms the frame, "
        f"{floor['query']:.2f} ms a query, {floor['episode_queries']} queries an episode page"
    )

    runs = []
    for number in range(args.episodes // 2, args.episodes // 2 + 3):
        edit_summary(number)
        print("Incremental export after one edited episode ...", flush=True)
        run = export_site(
            directory=mirror, base_url=BASE_URL, workers=args.workers, search=not args.no_search
        )
        print(
            f"  rendered {run.rendered:,}, wrote {run.written:,}, "
            f"{run.unchanged:,} unchanged, {run.removed:,} removed in "
            f"{run.seconds:.2f} s (pages {run.render_seconds:.2f} s, "
            f"search {run.search_seconds:.1f} s)"
            + (f"; full because {run.reason}" if run.full else "")
        )
        runs.append(run)
    incremental = sorted(runs, key=lambda run: run.seconds)[1]

    print(f"Hugo building {full.pages:,} pages of about {average:,} bytes ...", flush=True)
    hugo_runs, hugo_pages, hugo_average = hugo_build(work / "hugo", full.pages, average)
    hugo_seconds = statistics.median(hugo_runs)
    print(
        f"  {hugo_pages:,} pages of {hugo_average:,} bytes in "
        + ", ".join(f"{seconds:.1f}" for seconds in hugo_runs)
        + " s"
    )

    print("Hugo building the same archive as a site shaped like Flames ...", flush=True)
    shaped_runs, shaped_files = hugo_shaped_build(work / "hugo-shaped")
    shaped_seconds = statistics.median(shaped_runs)
    print(f"  {shaped_files:,} files in " + ", ".join(f"{s:.1f}" for s in shaped_runs) + " s")
    # Pages, not files: the export's files include the search index, built after the timing.
    per_page = (full.render_seconds / full.pages) / (shaped_seconds / shaped_files)

    # CPU milliseconds a page may take, on every core, for the export to keep up with Hugo.
    budget = 1000 * hugo_seconds * (os.cpu_count() or 1) / full.pages
    episode_floor = floor["frame"] + (floor["episode_queries"] - 1) * floor["query"]

    tricks = trick_rows(mirror, args) if args.tricks else []

    version = hugo_version()
    views = sorted(full.views.items(), key=lambda item: -item[1][1])
    print("  where the rendering time went (CPU seconds summed over workers):")
    for view, (count, seconds) in views[:12]:
        print(f"    {view}: {count:,} pages, {seconds:.0f} s, {1000 * seconds / count:.1f} ms each")
    breakdown = "; ".join(
        f"{view} {count:,} × {1000 * seconds / count:.0f} ms"
        for view, (count, seconds) in views[:6]
    )
    return [
        ("Archive", summary(counts), "", ""),
        ("Full export: slowest views (pages × ms each)", breakdown, "", ""),
        ("Full export: pages (HTML, feeds, sitemaps ...)", f"{full.pages:,}", "", ""),
        ("Full export: files written (with static files, index)", f"{full.files:,}", "", ""),
        ("Full export: average HTML page", f"{average:,} bytes", "", ""),
        (
            "Full export: render and write",
            f"{full.render_seconds:.1f} s ({full.pages / full.render_seconds:,.0f} pages/s)",
            "",
            "",
        ),
        ("Full export: Pagefind index", _search(full), "", ""),
        (
            f"Hugo {version}: same number of pages, median of {len(hugo_runs)} builds",
            f"{hugo_seconds:.1f} s ({hugo_pages / hugo_seconds:,.0f} pages/s, "
            f"{hugo_average:,} bytes each; runs "
            + ", ".join(f"{seconds:.1f}" for seconds in hugo_runs)
            + " s)",
            "",
            "",
        ),
        (
            "Export / Hugo (render and write)",
            f"{full.render_seconds / hugo_seconds:.2f}",
            f"≤ {TARGET_RATIO}",
            _ok(full.render_seconds / hugo_seconds <= TARGET_RATIO),
        ),
        (
            f"Hugo {version}: the same archive as a site shaped like Flames "
            f"(hugo_site.py), median of {len(shaped_runs)} builds",
            f"{shaped_seconds:.1f} s for {shaped_files:,} files "
            f"({shaped_files / shaped_seconds:,.0f} files/s; runs "
            + ", ".join(f"{seconds:.1f}" for seconds in shaped_runs)
            + " s)",
            "",
            "",
        ),
        ("Export / shaped Hugo, seconds per page", f"{per_page:.2f}", "", ""),
        (
            "CPU per page at parity with Hugo (its median × cores / pages)",
            f"{budget:.2f} ms",
            "",
            "",
        ),
        (
            "Floor: a request with no template and no query (robots.txt)",
            f"{floor['request']:.2f} ms",
            "",
            "",
        ),
        (
            "Floor: the frame of every HTML page (the 404 page, 1 query)",
            f"{floor['frame']:.2f} ms",
            "",
            "",
        ),
        (
            "Floor: one query (the series, from SQLite)",
            f"{floor['query']:.2f} ms",
            "",
            "",
        ),
        (
            f"Floor of an episode page: the frame and {floor['episode_queries'] - 1} more queries, "
            "nothing shown",
            f"{episode_floor:.2f} ms ({episode_floor / budget:.1f} × parity)",
            "",
            "",
        ),
        (
            "Export with index / Hugo",
            f"{(full.render_seconds + full.search_seconds) / hugo_seconds:.2f}",
            "",
            "",
        ),
        (
            "Incremental export after one edit (pages), median of 3 edits",
            f"{incremental.render_seconds:.2f} s ({incremental.rendered} rendered, "
            f"{incremental.written} written, {incremental.removed} removed)",
            f"≤ {TARGET_INCREMENTAL_SECONDS} s",
            _ok(incremental.render_seconds <= TARGET_INCREMENTAL_SECONDS),
        ),
        (
            "Incremental export after one edit (whole command), median of 3 edits",
            f"{incremental.seconds:.2f} s (search index {incremental.search_seconds:.1f} s; runs "
            + ", ".join(f"{run.seconds:.2f}" for run in runs)
            + " s)",
            f"≤ {TARGET_INCREMENTAL_SECONDS} s",
            _ok(incremental.seconds <= TARGET_INCREMENTAL_SECONDS),
        ),
        *tricks,
    ]


def edit_summary(number: int) -> None:
    """Edit the summary of the ``number``-th published episode, with a queryset update so
    that only the export is timed, not other apps' save hooks (search reindexing)."""
    from flames.episodes.models import Episode

    episode = Episode.objects.published().order_by("id")[number]
    Episode.objects.filter(pk=episode.pk).update(
        summary=episode.summary + "\n\nCorrection: the panel met in Kyiv."
    )


def _standby_off():
    from flames.export import swap

    def take_nothing(*, directory, staging, expected, current):
        return {}

    def keep_nothing(*, old, directory):
        if old is not None:
            swap.remove(old)

    return [(swap, "take_standby", take_nothing), (swap, "keep_standby", keep_nothing)]


def _renameat2_off():
    from flames.export import swap

    return [(swap, "exchange", lambda first, second: False)]


def _warm_up_off():
    from flames.export import rendering

    return [(rendering.Renderer, "warm_up", lambda renderer: None)]


# Each speed trick of the export and how to switch it off: (module or class, attribute,
# replacement) triples, or None for the worker pool (one worker instead of --workers).
TRICKS = {
    "worker pool (forked renderers)": None,
    "the standby copy": _standby_off,
    "renameat2 (atomic exchange)": _renameat2_off,
    "workers warmed up before the incremental comparison": _warm_up_off,
}


@contextlib.contextmanager
def switched_off(patches):
    saved = [(owner, name, getattr(owner, name)) for owner, name, _value in patches]
    try:
        for owner, name, value in patches:
            setattr(owner, name, value)
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def time_exports(mirror: Path, workers: int, edit: int) -> tuple[float, list[float]]:
    """A full export into the existing mirror, then three incremental ones after one edit
    each: (full seconds, incremental seconds)."""
    from flames.export import state
    from flames.export.services import export_site

    state.forget(Path(os.path.abspath(mirror)))  # the next export is a full one
    full = export_site(directory=mirror, base_url=BASE_URL, workers=workers, search=False)
    assert full.full, "the export meant to be full was incremental"
    incremental = []
    for number in range(edit, edit + 3):
        edit_summary(number)
        run = export_site(directory=mirror, base_url=BASE_URL, workers=workers, search=False)
        assert not run.full, f"an incremental export was full: {run.reason}"
        incremental.append(run.seconds)
    return full.seconds, incremental


def trick_rows(mirror: Path, args) -> list:
    """Each trick switched off in turn beside all of them on, in ``args.rounds`` rounds."""
    names = [None, *TRICKS]
    full: dict = {name: [] for name in names}
    incremental: dict = {name: [] for name in names}
    edit = 0
    for round_number in range(args.rounds):
        for name in names:
            off = TRICKS.get(name) if name else None
            workers = 1 if name and off is None else args.workers
            print(f"Round {round_number + 1}: without {name or 'nothing'} ...", flush=True)
            with switched_off(off() if off else []):
                seconds, runs = time_exports(mirror, workers, edit)
            edit += 3
            full[name].append(seconds)
            incremental[name].extend(runs)
            print(f"  full {seconds:.1f} s, incremental " + ", ".join(f"{r:.2f}" for r in runs))
    base_full = statistics.median(full[None])
    base_incremental = statistics.median(incremental[None])
    rows = [
        (
            "Tricks: all on, full export without index / incremental (median)",
            f"{base_full:.1f} s / {base_incremental:.2f} s",
            "",
            "",
        )
    ]
    for name in TRICKS:
        without_full = statistics.median(full[name])
        without_incremental = statistics.median(incremental[name])
        rows.append(
            (
                f"Tricks: without {name}: full / incremental (share of each)",
                f"{without_full:.1f} s ({without_full / base_full - 1:+.0%}) / "
                f"{without_incremental:.2f} s ({without_incremental / base_incremental - 1:+.0%})",
                f"incremental ≤ {TARGET_INCREMENTAL_SECONDS} s",
                _ok(without_incremental <= TARGET_INCREMENTAL_SECONDS),
            )
        )
    return rows


def page_floor() -> dict:
    """What a page costs before it shows anything, through the export's own renderer.

    CPU milliseconds, the median of FLOOR_ROUNDS rounds: a request that renders no
    template and reads nothing (robots.txt); a page that is only the site's frame (the
    404 page: the base template and the series it names); one query (the series). And
    how many queries an episode page runs.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from flames.episodes.models import Episode, Series
    from flames.export import links, rendering
    from flames.export.services import rendering_at

    with translation.override("en"):
        episode = Episode.objects.published().first().get_absolute_url()
    mirror = links.Mirror(origin=BASE_URL.rstrip("/"), base=BASE_URL)
    renderer = rendering.Renderer(mirror)
    with rendering_at(mirror):
        try:
            with CaptureQueriesContext(connection) as queries:
                renderer.get(episode)
            return {
                "request": _cpu_milliseconds(lambda: renderer.get("/robots.txt")),
                "frame": _cpu_milliseconds(lambda: renderer.get("/en/no-such-page/")),
                "query": _cpu_milliseconds(lambda: Series.objects.first()),
                "episode_queries": len(queries),
            }
        finally:
            renderer.close()


def _cpu_milliseconds(call) -> float:
    call()
    rounds = []
    for _round in range(FLOOR_ROUNDS):
        started = time.process_time()
        for _call in range(FLOOR_CALLS):
            call()
        rounds.append(1000 * (time.process_time() - started) / FLOOR_CALLS)
    return statistics.median(rounds)


def _search(report) -> str:
    if not report.indexed:
        return "skipped"
    return f"{report.search_seconds:.1f} s for {report.indexed:,} pages"


def _ok(passed: bool) -> str:
    return "yes" if passed else "**no**"


def hugo_version() -> str:
    output = subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout
    return output.split()[1].split("+")[0] if output else "?"


LAYOUT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 200 }}">
<link rel="stylesheet" href="/site.css"></head>
<body><a class="skip" href="#content">Skip to content</a>
<header class="site-header"><div class="wrap"><a class="brand" href="/">{{ .Site.Title }}</a>
<nav aria-label="Main"><ul>
{{ range .Site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}
</ul></nav>
</div></header>
<main id="content" class="wrap">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><p>{{ .Site.Params.footer }}</p></div></footer>
</body></html>
"""
SINGLE = """{{ define "main" }}<article class="episode"><header><p class="meta">
#{{ .Params.number }} <time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{ .Date.Format "2 January 2006" }}</time></p>
<h1>{{ .Title }}</h1></header><div class="summary">{{ .Content }}</div>
<section><h2>Speakers</h2><ol class="speakers">{{ range .Params.speakers }}
<li><a href="/people/{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ol></section>
<section><h2>Topics</h2><ul class="tags">
{{ range .Params.topics }}<li>{{ . }}</li>{{ end }}</ul></section>
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}
"""


HUGO_BUILDS = 3


def hugo_build(folder: Path, pages: int, average: int) -> tuple[list[float], int, int]:
    """Build ``pages`` generated pages of about ``average`` bytes with Hugo, HUGO_BUILDS
    times from scratch; (seconds of each build, pages, bytes per page)."""
    rng = random.Random(7)
    words = (
        "Ukraine NATO sanctions diplomacy energy security Kyiv occupation sovereignty "
        "partnership reconstruction grain corridor frontline humanitarian tribunal"
    ).split()
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "layouts" / "_default" / "baseof.html").write_text(LAYOUT)
    (folder / "layouts" / "_default" / "single.html").write_text(SINGLE)
    (folder / "layouts" / "_default" / "list.html").write_text(LIST)
    menu = "\n".join(
        f'[[menu.main]]\nname = "{name}"\nurl = "/{name.lower()}/"'
        for name in ("Episodes", "People", "Topics", "Help", "About")
    )
    (folder / "config.toml").write_text(
        'baseURL = "https://hugo.example/"\ntitle = "Ukraine in Flames"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[params]\nfooter = "UKRAINE IN FLAMES is produced by Ukraine Crisis Media Center."\n'
        f"{menu}\n"
    )
    content = folder / "content" / "episodes"
    content.mkdir(parents=True)
    body_words = max(50, (average - 2500) // 8)
    for number in range(pages):
        speakers = ", ".join(f'"Speaker {rng.randrange(3000)}"' for _ in range(5))
        body = " ".join(rng.choice(words) for _ in range(body_words))
        paragraphs = "\n\n".join(body[i : i + 600] for i in range(0, len(body), 600))
        (content / f"episode-{number}.md").write_text(
            f'---\ntitle: "Episode {number}: {" ".join(rng.sample(words, 5))}"\n'
            f"date: 2022-03-01T19:00:00+02:00\nnumber: {number}\n"
            f'speakers: [{speakers}]\ntopics: ["NATO", "Energy"]\n---\n\n{paragraphs}\n'
        )
    runs = timed_builds(folder)
    built = list((folder / "public" / "episodes").rglob("index.html"))
    size = sum(path.stat().st_size for path in built) // max(1, len(built))
    return runs, len(built), size


def hugo_shaped_build(folder: Path) -> tuple[list[float], int]:
    """Build the archive as hugo_site.py shapes it, HUGO_BUILDS times from scratch;
    (seconds of each build, files written)."""
    write_site(folder)
    runs = timed_builds(folder)
    files = sum(1 for path in (folder / "public").rglob("*") if path.is_file())
    return runs, files


def timed_builds(folder: Path) -> list[float]:
    """Seconds of HUGO_BUILDS builds of the site in ``folder``, each from scratch."""
    runs = []
    for _build in range(HUGO_BUILDS):
        shutil.rmtree(folder / "public", ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [HUGO, "--quiet", "--source", str(folder), "--destination", str(folder / "public")],
            check=True,
        )
        runs.append(time.perf_counter() - started)
    return runs


def render(rows, args) -> str:
    lines = [
        f"# Static export benchmark ({datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, "
        f"{args.workers} workers, SQLite)",
        "",
        "| metric | measured | target | ok |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {value} | {target} | {ok} |" for name, value, target, ok in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
