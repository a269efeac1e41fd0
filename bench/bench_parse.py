"""Parses per second of flames.ingest.parsing.parse_announcement, on one core.

    python bench/bench_parse.py [--rounds 5] [--seconds 0.5]

Times the seed announcement and every sample in samples/announcements/, each for
``--rounds`` rounds of about ``--seconds`` seconds, and prints a markdown table with the
median parses per second and its ratio to the 2,000 parses/s target.

The rate compared with the target is the cold one: a ``functools.lru_cache`` in the parser
(it has none since issue 17; the tricks below add some) is cleared before each parse, as
parsing the same text over and over would otherwise answer most of the work from it,
while an announcement being imported is one the parser has not seen before.

Rates are per second of CPU time of this process (``time.process_time``), which is what
"on one core" means and stays meaningful when other work shares the machine; the wall-clock
rate of the cold parses is printed alongside. Timings still vary between runs: compare
within one run.

    python bench/bench_parse.py --tricks [--rounds 5] [--seconds 0.1]

measures the speed tricks instead: the parser as it is, then with each trick it dropped
in issue 17 put back (they are kept here, not in the parser), then with all of them, then
without each trick it kept (the plain code is kept here), in interleaved rounds so that
the machine's load falls on every variant alike. It prints, for each, the median and the
slowest sample's cold rate, their ratio to the parser as it is on the same sample in the
same round, and whether the target is met. bench/README.md has the figures and the decision.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import re
import statistics
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
TARGET = 2_000  # parses per second, from the issue

sys.path.insert(0, str(REPO))

from flames.ingest import parsing  # noqa: E402

MODULES = [m for m in vars(parsing).values() if isinstance(m, types.ModuleType)]
# Found by what they are rather than by name, so that a cache added later is cleared too;
# the caches of the tricks below join them.
CACHES = [obj for module in MODULES for obj in vars(module).values() if hasattr(obj, "cache_clear")]


def _parser_attribute(name: str) -> Any:
    return next(vars(m)[name] for m in MODULES if name in vars(m))


# --------------------------------------------------------------------------- speed tricks
#
# The speed tricks the parser had until issue 17, kept here to be measured against the
# plain code that replaced them: {name in the parser: replacement}. A replacement is put in
# every module of the parser that imported the name. bench/README.md has the figures.


def _with_caches() -> dict[str, Any]:
    """functools.lru_cache on the helpers that see the same text again and again."""
    cached = {}
    for name, size in [
        ("_roles_from_segment", 4096),
        ("_partner_list", 256),
        ("_normalise_org", 1024),
        ("_name_word_count", 4096),
        ("_org_stems", 1024),
    ]:
        cached[name] = functools.lru_cache(maxsize=size)(_parser_attribute(name))
        CACHES.append(cached[name])
    return cached


class _Unchanged:
    def sub(self, _replacement: object, text: str) -> str:
        return text


class _OnePass:
    """Line breaks, invisible characters and spaces replaced in one scan, not three."""

    def __init__(self) -> None:
        self.line_breaks, self.spaces, self.invisible = (
            _parser_attribute(name).pattern[1:-1]
            for name in ("_NEWLINE_RE", "_SPACES_RE", "_INVISIBLE_RE")
        )
        self.pattern = re.compile(f"[{self.line_breaks}{self.spaces}{self.invisible}]")
        self.invisible_re = re.compile(f"[{self.invisible}]")

    def _replacement(self, match: re.Match) -> str:
        char = match.group()
        if char not in "\r\x0b\x0c\x85\u2028\u2029":
            return "" if self.invisible_re.match(char) else " "
        return "\n"

    def sub(self, _replacement: object, text: str) -> str:
        if text.isascii() and not any(map(text.__contains__, "\r\t\x0b\x0c")):
            return text
        return self.pattern.sub(self._replacement, text)


def _one_pass_spaces() -> dict[str, Any]:
    return {"_NEWLINE_RE": _OnePass(), "_SPACES_RE": _Unchanged(), "_INVISIBLE_RE": _Unchanged()}


def _run_together_look_ahead() -> dict[str, Any]:
    words = _parser_attribute("_RUN_TOGETHER_WORDS")
    first_letters = "".join(sorted({word[0] for word in words.split("|")}))
    return {
        "_RUN_TOGETHER_RE": re.compile(
            rf"\b(?=(?i:[{first_letters}]))((?i:{words}))(?=[A-ZА-ЯІЇЄҐ«“])"
        )
    }


def _single_class_starts() -> dict[str, Any]:
    return {
        "_CYRILLIC_RUN_RE": re.compile(r"[\u0400-\u04ff][\u0400-\u04ff]*"),
        "_LATIN_RUN_RE": re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f]*"),
        "_AT_RE": re.compile(r"\s\s*(?:at|@)\s+"),
        "_OF_RE": re.compile(r"\s\s*of\s+"),
        "_AND_RE": re.compile(r"\s\s*(?:and|&|та|і|й)\s+"),
    }


# The tricks the parser keeps, and the plain code they stand in for: {name: replacement}.


def _closing_together() -> dict[str, Any]:
    """The anchored and the unanchored closing phrases as one pattern, searched on every line."""
    start = _parser_attribute("_CLOSING_START_RE").pattern
    anywhere = _parser_attribute("_CLOSING_ANYWHERE_RE").pattern
    closing_re = re.compile(f"^(?:{start})|{anywhere}")
    return {"_is_closing": lambda line: bool(closing_re.search(line.low))}


def _no_word_tests() -> dict[str, Any]:
    """The slow patterns tried on every line, with no test for the words they need first."""
    return {"_has_any": lambda _text, _words: True, "_has_number_marker": lambda _low: True}


KEPT: dict[str, Callable[[], dict[str, Any]]] = {
    "closing text: anchored phrases apart": _closing_together,
    "word tests before slow patterns": _no_word_tests,
}


TRICKS: dict[str, Callable[[], dict[str, Any]]] = {
    "functools.lru_cache on five helpers": _with_caches,
    "one scan for unusual spaces, none for ASCII text": _one_pass_spaces,
    "run-together organisations: first letters looked ahead": _run_together_look_ahead,
    "`[x][x]*`, `\\s\\s*` rather than `[x]+`, `\\s+`": _single_class_starts,
    "sentence break: punctuation first, letters looked back": lambda: {
        "_SENTENCE_BREAK_RE": re.compile(r"[.!?](?<=[a-zа-яіїєґ]{3}[.!?])\s+[A-ZА-ЯІЇЄҐ]")
    },
    "mid-line head word: the space first, look-behind after": lambda: {
        "_MID_HEAD_RE": re.compile(r" (?<=\S )(?P<head>[A-Z][\w-]*) (?:of|at) ")
    },
}


@contextlib.contextmanager
def swapped(replacements: dict[str, Any]):
    """The parser with ``replacements`` put in, as long as the block runs."""
    undo: list[tuple[types.ModuleType, str, object]] = []
    for name, replacement in replacements.items():
        original = _parser_attribute(name)
        for module in MODULES:
            if vars(module).get(name) is original:
                undo.append((module, name, original))
                setattr(module, name, replacement)
    try:
        yield
    finally:
        for module, name, original in undo:
            setattr(module, name, original)


def inputs() -> list[tuple[str, str]]:
    files = sorted((SAMPLES / "seeds").glob("*.txt"))[:1]
    files += sorted((SAMPLES / "announcements").glob("*.txt"))
    return [(path.name, path.read_text(encoding="utf-8")) for path in files]


def parse_cold(text: str) -> None:
    """Parse ``text`` as an announcement never seen before: with every cache empty."""
    for cache in CACHES:
        cache.cache_clear()
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


def compare_tricks(texts: list[tuple[str, str]], rounds: int, seconds: float) -> None:
    variants: dict[str, dict[str, Any]] = {"the parser as it is": {}}
    for name, replacements in TRICKS.items():
        variants[f"with {name}"] = replacements()
    variants["with all of the above"] = {k: v for r in variants.values() for k, v in r.items()}
    kept = {f"without {name}": replacements() for name, replacements in KEPT.items()}
    variants.update(kept)
    variants["without both"] = {k: v for r in kept.values() for k, v in r.items()}
    expected = [parsing.parse_announcement(text) for _, text in texts]
    for replacements in variants.values():
        with swapped(replacements):
            assert [parsing.parse_announcement(t) for _, t in texts] == expected, replacements

    # Each sample is parsed by every variant in turn before the next sample, in an order
    # that rotates from round to round: a variant and the parser as it is are compared on
    # the same sample a second apart, when the machine's load is about the same.
    rates = {v: {n: [] for n, _ in texts} for v in variants}  # CPU rates, one per round
    ratios = {v: {n: [] for n, _ in texts} for v in variants}  # to the parser as it is
    order = list(variants)
    for round_number in range(rounds):
        print(f"round {round_number + 1} of {rounds}", file=sys.stderr)
        for name, text in texts:
            for variant in order:
                with swapped(variants[variant]):
                    rates[variant][name].append(parses_per_second(parse_cold, text, seconds)[0])
            base = rates["the parser as it is"][name][-1]
            for variant in variants:
                ratios[variant][name].append(rates[variant][name][-1] / base)
        order = order[1:] + order[:1]

    print(
        f"Cold parses/s per second of CPU (every cache cleared before each parse) over "
        f"{len(texts)} samples, {rounds} rounds of {seconds} s per sample and variant. Rates: "
        "per sample the median of the rounds (and the best round, the least disturbed by "
        "other work), then the median of the samples and the slowest sample; ratios: to the "
        "parser as it is on the same sample in the same round, median of the rounds. Target "
        f"{TARGET:,}/s for the median and the slowest sample (judged on the best rounds).\n"
    )
    print(
        "| variant | median /s | best /s | ratio | slowest sample | median /s | best /s | ratio "
        "| target met |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---|")
    for variant in variants:
        median = {name: statistics.median(r) for name, r in rates[variant].items()}
        best = {name: max(r) for name, r in rates[variant].items()}
        ratio = {name: statistics.median(r) for name, r in ratios[variant].items()}
        slowest = min(best, key=best.__getitem__)
        met = min(statistics.median(best.values()), best[slowest]) >= TARGET
        print(
            f"| {variant} | {statistics.median(median.values()):,.0f} "
            f"| {statistics.median(best.values()):,.0f} | {statistics.median(ratio.values()):.2f} "
            f"| {slowest} | {median[slowest]:,.0f} | {best[slowest]:,.0f} | {ratio[slowest]:.2f} "
            f"| {'yes' if met else '**no**'} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=None, help="length of one round")
    parser.add_argument("--tricks", action="store_true", help="each speed trick, with and without")
    args = parser.parse_args()

    texts = inputs()
    if not texts:
        print(f"no announcements found under {SAMPLES}", file=sys.stderr)
        return 1
    for _, text in texts:
        parsing.parse_announcement(text)  # warm up the interpreter and the code paths
    if args.tricks:
        compare_tricks(texts, args.rounds, args.seconds or 0.1)
        return 0
    args.seconds = args.seconds or 0.5

    print(
        f"Target: {TARGET:,} parses/s on one core, cold (every parser cache cleared before "
        f"each parse), for the median and the slowest sample; median of {args.rounds} rounds.\n"
    )
    print("| input | bytes | speakers | median parses/s (CPU, cold) | vs target | wall-clock /s |")
    print("|---|---:|---:|---:|---:|---:|")
    medians = {}
    for name, text in texts:
        rounds = [parses_per_second(parse_cold, text, args.seconds) for _ in range(args.rounds)]
        medians[name] = cold = statistics.median(cpu for cpu, _ in rounds)
        wall = statistics.median(wall for _, wall in rounds)
        speakers = len(parsing.parse_announcement(text).speakers)
        size = len(text.encode("utf-8"))
        print(
            f"| {name} | {size:,} | {speakers} | {cold:,.0f} | {cold / TARGET:.2f}x | {wall:,.0f} |"
        )
    cold = statistics.median(medians.values())
    slowest = min(medians.values())
    print(f"| **median of all** | | | **{cold:,.0f}** | **{cold / TARGET:.2f}x** | |")
    print(f"| **slowest** | | | **{slowest:,.0f}** | **{slowest / TARGET:.2f}x** | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
