"""Parses per second of flames.ingest.parsing.parse_announcement, on one core.

    python bench/bench_parse.py [--rounds 5] [--seconds 1.0]

Times the seed announcement and every sample in samples/announcements/, each for
``--rounds`` rounds of about ``--seconds`` seconds, and prints a markdown table with the
median parses per second and its ratio to the 2,000 parses/s target.

The rate compared with the target is the cold one: every ``functools.lru_cache`` of the
parser is cleared before each parse. Parsing the same text over and over would otherwise
answer most of the work from those caches, while an announcement being imported is one
the parser has not seen before. The warm rate (caches kept between parses, as when the
same speakers and partners come back episode after episode) is printed as an extra
column; each round spends half its time on each.

Rates are per second of CPU time of this process (``time.process_time``), which is what
"on one core" means and stays meaningful when other work shares the machine; the wall-clock
rate of the cold parses is printed alongside. Timings still vary between runs: compare
within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TARGET = 2_000  # parses per second, from the issue

sys.path.insert(0, str(REPO))

from flames.ingest import parsing  # noqa: E402

# Found by what they are rather than by name, so that a cache added later is cleared too.
CACHES = [
    obj
    for module in vars(parsing).values()
    if isinstance(module, types.ModuleType)
    for obj in vars(module).values()
    if hasattr(obj, "cache_clear")
]


def inputs() -> list[tuple[str, str]]:
    files = sorted((SAMPLES / "seeds").glob("*.txt"))[:1]
    files += sorted((SAMPLES / "announcements").glob("*.txt"))
    return [(path.name, path.read_text(encoding="utf-8")) for path in files]


def parse_cold(text: str) -> None:
    """Parse ``text`` as an announcement never seen before: with every cache empty."""
    for cache in CACHES:
        cache.cache_clear()
    parsing.parse_announcement(text)


def parse_warm(text: str) -> None:
    parsing.parse_announcement(text)


def parses_per_second(
    parse: Callable[[str], None], text: str, seconds: float
) -> tuple[float, float]:
    """Parse for about ``seconds`` of CPU time; (CPU rate, wall-clock rate)."""
    batch = 50
    count = 0
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    while True:
        for _ in range(batch):
            parse(text)
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
        print(f"no announcements found under {SAMPLES}", file=sys.stderr)
        return 1
    for _, text in texts:
        parsing.parse_announcement(text)  # warm up the interpreter and the code paths

    print(
        f"Target: {TARGET:,} parses/s on one core, cold (every parser cache cleared before "
        f"each parse); median of {args.rounds} rounds.\n"
    )
    print(
        "| input | bytes | speakers | median parses/s (CPU, cold) | vs target "
        "| wall-clock /s (cold) | warm parses/s (CPU, cached) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    cold_medians, warm_medians = [], []
    half = args.seconds / 2
    for name, text in texts:
        cold_rounds, warm_rounds = [], []
        for _ in range(args.rounds):
            cold_rounds.append(parses_per_second(parse_cold, text, half))
            warm_rounds.append(parses_per_second(parse_warm, text, half))
        cold = statistics.median(cpu for cpu, _ in cold_rounds)
        wall = statistics.median(wall for _, wall in cold_rounds)
        warm = statistics.median(cpu for cpu, _ in warm_rounds)
        cold_medians.append(cold)
        warm_medians.append(warm)
        speakers = len(parsing.parse_announcement(text).speakers)
        size = len(text.encode("utf-8"))
        print(
            f"| {name} | {size:,} | {speakers} | {cold:,.0f} | {cold / TARGET:.2f}x "
            f"| {wall:,.0f} | {warm:,.0f} |"
        )
    cold = statistics.median(cold_medians)
    warm = statistics.median(warm_medians)
    print(f"| **median of all** | | | **{cold:,.0f}** | **{cold / TARGET:.2f}x** | | {warm:,.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
