"""Benchmarks on a synthetic 10,000-episode archive: ``make bench``.

1. Builds the archive (generate.py) in a fresh SQLite database in a temporary
   data directory, then collects static files.
2. Times each page type in this process through Django's WSGI handler, without
   the page cache, and counts its queries and bytes (pages.py).
3. Serves the site with ``flames serve`` (granian) twice, with and without the
   page cache, and one episode page's HTML with nginx as a static file, and
   measures requests per second on each with wrk, interleaved, taking medians.
4. Prints one markdown table and writes it to bench/out/results.md.

Every server and the temporary directory are removed at the end, also after an
error or Ctrl-C.
"""

import argparse
import contextlib
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
NGINX = "/usr/sbin/nginx"
WRK = "/usr/bin/wrk"
HOST = "127.0.0.1"
SERVER_WORKERS = 2

TARGET_BUILD_SECONDS = 60
TARGET_MEDIAN_MS = 10
TARGET_P99_MS = 30
TARGET_EPISODE_HTML_BYTES = 40_000
TARGET_ASSET_BYTES = 20_000
TARGET_THROUGHPUT_SHARE = 0.10


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page type")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3, help="wrk runs per server (median)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    missing = [program for program in (NGINX, WRK) if not Path(program).exists()]
    if missing:
        sys.exit(f"bench/run.py: {' and '.join(missing)} missing: apt-get install nginx-light wrk")
    signal.signal(signal.SIGTERM, exit_on_signal)
    started = time.perf_counter()
    OUT_DIR.mkdir(exist_ok=True)
    for stale in OUT_DIR.glob("profile-*.txt"):
        stale.unlink()
    with contextlib.ExitStack() as cleanup:
        work_dir = Path(tempfile.mkdtemp(prefix="flames-bench-"))
        if args.keep:
            print(f"Keeping {work_dir}")
        else:
            cleanup.callback(shutil.rmtree, work_dir, ignore_errors=True)
        configure_environment(work_dir / "data")

        # pages sets Django up on import: only now does the environment point at work_dir.
        import pages

        print("Building the archive ...", flush=True)
        build_seconds, counts = pages.prepare_archive()
        print(f"  {summary(counts)} in {build_seconds:.1f} s")

        print("Timing pages in process (page cache off) ...", flush=True)
        page_types = pages.page_types(args.requests)
        results = measure_pages(pages, page_types.values(), args)
        episode_path = page_types["episode"].paths[0]
        episode_html = pages.get_ok(episode_path)
        assets = pages.asset_urls(episode_html)
        asset_total = pages.asset_bytes(assets)

        print("Measuring throughput with wrk ...", flush=True)
        rates = measure_throughput(cleanup, work_dir, episode_path, episode_html, args)

    rows = build_rows(build_seconds, counts, results, (asset_total, len(assets)), rates)
    report = render_report(rows, results, args, time.perf_counter() - started)
    print()
    print(report)
    (OUT_DIR / "results.md").write_text(report)
    print(f"Written to {(OUT_DIR / 'results.md').relative_to(BENCH_DIR.parent)}")


def exit_on_signal(signum, frame):
    # Turn SIGTERM into SystemExit so the cleanup in main() runs.
    sys.exit(128 + signum)


def configure_environment(data_dir: Path) -> None:
    """Point Flames at a fresh SQLite database in ``data_dir``, for us and our servers."""
    data_dir.mkdir(parents=True)
    os.environ["FLAMES_DATA_DIR"] = str(data_dir)
    os.environ["FLAMES_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DJANGO_SETTINGS_MODULE"] = "flames.settings"
    for name in ("DATABASE_URL", "FLAMES_REDIS_URL", "FLAMES_DEBUG", "FLAMES_SECRET_KEY_FILE"):
        os.environ.pop(name, None)


def summary(counts: dict) -> str:
    return ", ".join(f"{count:,} {name}" for name, count in counts.items())


# --- Server time per page ---------------------------------------------------------------


def measure_pages(pages, page_types, args) -> list:
    results = []
    for page in page_types:
        result = pages.measure(page, warmup=args.warmup, requests=args.requests)
        slowest_ms, slowest_sql = result.slowest_query
        print(
            f"  {result.name}: median {result.median_ms:.1f} ms (CPU {result.cpu_median_ms:.1f}),"
            f" p99 {result.p99_ms:.1f} ms, {result.queries[0]}/{result.queries[1]} queries,"
            f" {result.html_bytes:,} bytes\n"
            f"    slowest query {slowest_ms:.1f} ms: {slowest_sql[:300]}"
        )
        if result.median_ms > TARGET_MEDIAN_MS or result.p99_ms > TARGET_P99_MS:
            destination = OUT_DIR / f"profile-{slugify(page.name)}.txt"
            pages.profile(page.paths[0], 20, destination)
            print(f"    misses its target; profile in {destination.relative_to(BENCH_DIR)}")
        results.append(result)
    return results


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().split("(")[0]).strip("-")


# --- Throughput -------------------------------------------------------------------------


def measure_throughput(cleanup, work_dir: Path, path: str, html: bytes, args) -> dict:
    """Median requests per second for ``path`` on each server, runs interleaved."""
    urls = {
        "nginx": start_nginx(cleanup, work_dir / "nginx", path, html),
        "flames": start_flames(cleanup, work_dir / "flames.log", path, page_cache=True),
        "flames, page cache off": start_flames(
            cleanup, work_dir / "flames-nocache.log", path, page_cache=False
        ),
    }
    for url in urls.values():
        run_wrk(url, duration=2, connections=args.connections)  # warm-up
    rates = {name: [] for name in urls}
    for run in range(1, args.runs + 1):
        for name, url in urls.items():
            rates[name].append(run_wrk(url, duration=args.duration, connections=args.connections))
            print(f"  run {run}, {name}: {rates[name][-1]:,.0f} req/s", flush=True)
    return {name: statistics.median(values) for name, values in rates.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_flames(cleanup, log_path: Path, path: str, *, page_cache: bool) -> str:
    """Start ``flames serve`` on a free port; return the URL of ``path`` on it."""
    port = free_port()
    environment = dict(os.environ)
    if not page_cache:
        environment["FLAMES_PAGE_CACHE_ENTRIES"] = "0"
    command = [sys.executable, "-m", "flames", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(SERVER_WORKERS)]
    server = start_server(cleanup, command, log_path, environment)
    url = f"http://{HOST}:{port}{path}"
    wait_until_ready(url, server, log_path)
    return url


def start_nginx(cleanup, nginx_dir: Path, path: str, html: bytes) -> str:
    """Serve ``html`` at ``path`` as a static file with nginx; return its URL."""
    port = free_port()
    page = nginx_dir / "www" / path.strip("/") / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(html)
    (nginx_dir / "temp").mkdir()
    config = nginx_dir / "nginx.conf"
    config.write_text(nginx_config(nginx_dir, port))
    log_path = nginx_dir / "error.log"
    command = [NGINX, "-p", str(nginx_dir), "-c", str(config), "-e", str(log_path)]
    server = start_server(cleanup, command, nginx_dir / "stderr.log", dict(os.environ))
    url = f"http://{HOST}:{port}{path}"
    wait_until_ready(url, server, log_path)
    return url


def nginx_config(nginx_dir: Path, port: int) -> str:
    # Run as root, nginx would switch its workers to "nobody", who cannot read a private
    # temporary directory: keep them as the current user.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = nginx_dir / "temp"
    return f"""{user}worker_processes auto;
daemon off;
pid {nginx_dir / "nginx.pid"};
error_log {nginx_dir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    # nginx at its best, since it stands for the physical limit.
    sendfile on;
    open_file_cache max=100;
    keepalive_requests 1000000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    server {{
        listen {HOST}:{port};
        root {nginx_dir / "www"};
    }}
}}
"""


def start_server(cleanup, command: list[str], log_path: Path, environment: dict):
    """Start ``command`` in its own process group, stopped when ``cleanup`` closes."""
    log = open(log_path, "wb")  # noqa: SIM115 (closed by cleanup)
    cleanup.callback(log.close)
    server = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=environment,
        start_new_session=True,
    )
    cleanup.callback(stop_server, server)
    return server


def stop_server(server: subprocess.Popen) -> None:
    """Stop the server and the workers it started (its process group)."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def wait_until_ready(url: str, server: subprocess.Popen, log_path: Path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"{server.args[0]} exited:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{tail(log_path)}")


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def run_wrk(url: str, *, duration: int, connections: int) -> float:
    """Requests per second wrk measured; an error if any response was not a success."""
    command = [WRK, "-t2", f"-c{connections}", f"-d{duration}s", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if failed:
        raise RuntimeError(f"{failed.group(1)} failed responses from {url}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


# --- Report -----------------------------------------------------------------------------


def build_rows(build_seconds, counts, results, assets, rates) -> list[tuple]:
    """(metric, measured, target, ok) rows; ok is None where there is no target."""
    rows = [
        (
            f"archive build ({counts['episodes']:,} episodes, {counts['people']:,} people, "
            f"{counts['appearances']:,} appearances)",
            f"{build_seconds:.1f} s",
            f"≤ {TARGET_BUILD_SECONDS} s",
            build_seconds <= TARGET_BUILD_SECONDS,
        )
    ]
    for result in results:
        rows.append(
            (
                f"{result.name}: server time median / p99",
                f"{result.median_ms:.1f} / {result.p99_ms:.1f} ms "
                f"(CPU median {result.cpu_median_ms:.1f})",
                f"≤ {TARGET_MEDIAN_MS} / ≤ {TARGET_P99_MS} ms",
                result.median_ms <= TARGET_MEDIAN_MS and result.p99_ms <= TARGET_P99_MS,
            )
        )
    for result in results:
        first, second = result.queries
        rows.append(
            (
                f"{result.name.split(' (')[0]}: queries ({result.compared_as})",
                f"{first} / {second}",
                "constant",
                first == second,
            )
        )
    for result in results:
        is_episode = result.name.startswith("episode page")
        rows.append(
            (
                f"{result.name.split(' (')[0]}: HTML" + (" (largest)" if is_episode else ""),
                kilobytes(result.html_bytes),
                f"≤ {kilobytes(TARGET_EPISODE_HTML_BYTES)}" if is_episode else "",
                result.html_bytes <= TARGET_EPISODE_HTML_BYTES if is_episode else None,
            )
        )
    asset_total, asset_files = assets
    rows.append(
        (
            "episode page: CSS + JS before the video is requested",
            f"{kilobytes(asset_total)} ({asset_files} files)",
            f"≤ {kilobytes(TARGET_ASSET_BYTES)}",
            asset_total <= TARGET_ASSET_BYTES,
        )
    )
    rows += throughput_rows(rates)
    return rows


def throughput_rows(rates: dict) -> list[tuple]:
    nginx = rates["nginx"]
    rows = [
        (f"episode page req/s: {name}", f"{rate:,.0f}", "", None) for name, rate in rates.items()
    ]
    share = rates["flames"] / nginx
    rows.append(
        (
            "episode page throughput, flames / nginx",
            f"{share:.1%}",
            f"≥ {TARGET_THROUGHPUT_SHARE:.0%}",
            share >= TARGET_THROUGHPUT_SHARE,
        )
    )
    rows.append(
        (
            "episode page throughput, page cache off / nginx",
            f"{rates['flames, page cache off'] / nginx:.1%}",
            "",
            None,
        )
    )
    return rows


def kilobytes(count: int) -> str:
    return f"{count / 1000:.1f} KB"


def render_report(rows: list[tuple], results: list, args, seconds: float) -> str:
    marks = {True: "yes", False: "**no**", None: ""}
    lines = ["| metric | measured | target | ok |", "|---|---|---|---|"]
    lines += [f"| {m} | {measured} | {t} | {marks[ok]} |" for m, measured, t, ok in rows]
    slowest = [
        f"- {result.name}: {result.slowest_query[0]:.1f} ms `{result.slowest_query[1][:400]}`"
        for result in results
    ]
    return "\n".join(
        [
            "# Flames benchmark",
            "",
            f"`make bench` on {datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{seconds:.0f} s in all.",
            "",
            *lines,
            "",
            f"Server time: {args.requests} requests per page type after {args.warmup} "
            "untimed ones, through Django's WSGI handler in one process, page cache off. "
            f"Throughput: `wrk -t2 -c{args.connections} -d{args.duration}s` on one episode "
            f"page over loopback, median of {args.runs} interleaved runs; flames is "
            f"`flames serve --workers {SERVER_WORKERS}` (granian), nginx serves the same "
            "HTML as a static file. 1 KB = 1,000 bytes.",
            "",
            "The slowest query of each page type:",
            "",
            *slowest,
            "",
        ]
    )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("Interrupted: servers stopped, temporary files removed.")
