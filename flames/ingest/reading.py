"""Reading announcement files for the command line: paths, folders or standard input."""

import sys
from dataclasses import dataclass
from pathlib import Path

from flames.ingest.parsing import MAX_BYTES


@dataclass(frozen=True)
class Source:
    name: str  # as the user gave it, for messages
    text: str | None
    error: str | None = None


def expand_paths(paths: list[str]) -> list[str]:
    """Files as given, folders as the .txt files inside them (sorted), '-' as is.

    Hidden files and folders inside a folder are skipped: an export's standby copy or a
    version control folder holds no announcements."""
    expanded = []
    for path in paths:
        folder = Path(path)
        if path != "-" and folder.is_dir():
            expanded.extend(
                str(file)
                for file in sorted(folder.rglob("*.txt"))
                if not any(part.startswith(".") for part in file.relative_to(folder).parts)
            )
        else:
            expanded.append(path)
    return expanded


def read_source(path: str) -> Source:
    """The text of one announcement, or the reason it cannot be read, in one line."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        return Source(path, None, "no such file")
    except IsADirectoryError:
        return Source(path, None, "is a folder")
    except OSError as error:
        return Source(path, None, error.strerror or str(error))
    if len(data) > MAX_BYTES:
        return Source(path, None, "over 1 MB, too large for an announcement")
    if b"\0" in data:
        return Source(path, None, "binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Source(path, None, f"not UTF-8 text (byte {error.start})")
    return Source(path, text)
