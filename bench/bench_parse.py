"""Parses per second of flames.ingest.parsing.parse_announcement, on one core.

    python bench/bench_parse.py [--rounds 5] [--seconds 1.0]

Times the seed announcement and every sample in ../shared/samples/announcements/, each for
``--rounds`` rounds of about ``--seconds`` seconds, and prints a markdown table with the
median parses per second and its ratio to the 2,000 parses/s target.

Rates are per second of CPU time of this process (``time.process_time``), which is what
"on one core" means and stays meaningful when other work shares the machine; the wall-clock
rate is printed alongside. Timings still vary between runs: compare within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGET = 2_000  # parses per second, from the issue

sys.path.insert(0, str(REPO))

from flames.ingest.parsing import parse_announcement  # noqa: E402


def inputs() -> list[tuple[str, str]]:
    files = sorted((SHARED / "seeds").glob("*.txt"))[:1]
    files += sorted((SHARED / "samples" / "announcements").glob("*.txt"))
    return [(path.name, path.read_text(encoding="utf-8")) for path in files]


def parses_per_second(text: str, seconds: float) -> tuple[float, float]:
    """One round: parse for about ``seconds`` of CPU time; (CPU rate, wall-clock rate)."""
    batch = 50
    count = 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while True:
        for _ in range(batch):
            parse_announcement(text)
        count += batch
        cpu = time.process_time() - cpu_start
        if cpu >= seconds:
            return count / cpu, count / (time.perf_counter() - wall_start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    args = parser.parse_args()

    texts = inputs()
    if not texts:
        print(f"no announcements found under {SHARED}", file=sys.stderr)
        return 1
    for _, text in texts:
        parse_announcement(text)  # warm up: compile patterns, fill caches

    print(f"Target: {TARGET:,} parses/s on one core; median of {args.rounds} rounds.\n")
    print("| input | bytes | speakers | median parses/s (CPU) | vs target | wall-clock /s |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = []
    for name, text in texts:
        rounds = [parses_per_second(text, args.seconds) for _ in range(args.rounds)]
        median = statistics.median(cpu for cpu, _ in rounds)
        wall = statistics.median(wall for _, wall in rounds)
        medians.append(median)
        speakers = len(parse_announcement(text).speakers)
        size = len(text.encode("utf-8"))
        print(
            f"| {name} | {size:,} | {speakers} | {median:,.0f} | {median / TARGET:.2f}x "
            f"| {wall:,.0f} |"
        )
    overall = statistics.median(medians)
    print(f"| **median of all** | | | **{overall:,.0f}** | **{overall / TARGET:.2f}x** | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
