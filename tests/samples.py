"""The real announcements the tests read, kept in the repository's samples/ folder."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SAMPLES = REPOSITORY / "samples" / "announcements"
SEED = REPOSITORY / "samples" / "seeds" / "000_4c810ee5b21ad882.txt"
