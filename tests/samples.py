"""The real announcements the tests read, kept in the repository's samples/ folder."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SAMPLES = REPOSITORY / "samples" / "announcements"
SEED = REPOSITORY / "samples" / "seeds" / "000_4c810ee5b21ad882.txt"

FIRST_NAMES = "Olena Ivan Marta Ostap Iryna Pavlo Oksana Taras Yulia Andrii Kateryna".split()
LAST_NAMES = "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Oliynyk Lysenko Melnyk".split()


def many_announcements(folder: Path, count: int) -> list[Path]:
    """``count`` announcement files shaped like the real ones (a title with its number,
    a summary, a panel, the closing), each with its own panel of recurring people, so
    each one makes a new episode. For tests that need an import to run a while."""
    closing = (SAMPLES / "139.txt").read_text().split("UKRAINE IN FLAMES project", 1)[1]
    people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, count + 1):
        panel = [people[(number * 7 + step * 13) % len(people)] for step in range(4)]
        bullets = "\n".join(f"  • {name}, analyst at Kyiv Security Forum" for name in panel)
        path = folder / f"{number:04d}.txt"
        path.write_text(
            f"Ukraine in Flames #{number}: the war, week {number}\n\n"
            f"The panel discusses the front line and sanctions in week {number}. Watch "
            f"Ukraine in Flames #{number}.\n\nSpeakers:\n{bullets}\n\n"
            f"UKRAINE IN FLAMES project{closing}"
        )
        paths.append(path)
    return paths
