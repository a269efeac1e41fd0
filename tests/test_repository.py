"""The repository carries every file its tests, benchmarks and demo read."""

import re
from pathlib import Path

from tests.samples import REPOSITORY, SAMPLES, SEED

CHECKED_FOLDERS = ("flames", "tests", "bench")
# A path climbing from the file's own place: Path(__file__).resolve().parents[N] or .parent...
CLIMB_RE = re.compile(r"__file__\)(?:\.resolve\(\))?(?:\.parents\[(\d+)\]|((?:\.parent)+))")
# The folder beside the checkout that only the developers' machines have.
SHARED_RE = re.compile(r"""\.\./shared|/shared/|["']shared["']\s*/|/\s*["']shared["']""")


def _escapes(path: Path) -> list[str]:
    where = path.relative_to(REPOSITORY)
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if SHARED_RE.search(line):
            found.append(f"{where}:{number}")
        for match in CLIMB_RE.finditer(line):
            levels = int(match[1]) + 1 if match[1] else match[2].count(".parent")
            if levels > len(where.parts):  # above the repository folder itself
                found.append(f"{where}:{number}")
    return found


def test_no_file_reads_outside_the_repository():
    sources = [
        path
        for folder in CHECKED_FOLDERS
        for path in sorted((REPOSITORY / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".sh"} and path != Path(__file__).resolve()
    ]
    assert len(sources) > 100
    assert [escape for path in sources for escape in _escapes(path)] == []


def test_a_climb_above_the_repository_is_found(tmp_path):
    probe = REPOSITORY / "tests" / "probe_for_climbs.py"
    probe.write_text('ROOT = Path(__file__).resolve().parents[2] / "beside"\n')
    try:
        assert _escapes(probe) == ["tests/probe_for_climbs.py:1"]
    finally:
        probe.unlink()


def test_the_folder_beside_the_checkout_is_found_as_a_path_only():
    folder = "sh" + "ared"  # spelt apart, so that this file does not name it itself
    assert SHARED_RE.search(f'SAMPLES = ROOT.parent / "{folder}" / "samples"')
    assert SHARED_RE.search(f"open('../{folder}/seeds/a.txt')")
    assert not SHARED_RE.search(f'% {{"{folder}": 2}}')


def test_the_samples_are_in_the_repository():
    texts = sorted(path.name for path in SAMPLES.glob("*.txt"))
    assert texts == [
        "020.txt",
        "034.txt",
        "052.txt",
        "096.txt",
        "121-uk.txt",
        "139.txt",
        "594.txt",
    ]
    assert all((SAMPLES / f"{Path(name).stem}.expected.json").is_file() for name in texts)
    assert SEED.read_text(encoding="utf-8").startswith("Ukraine and NATO partnership anniversary")
