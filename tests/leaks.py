"""Finding a name in what the public can read, however it is written there: in any
case, HTML-, JSON- or URL-escaped, as a slug, or gzip-compressed (the static search
index's files)."""

import contextlib
import gzip
import html
import re
import zlib
from pathlib import Path
from urllib.parse import unquote_plus

from django.utils.text import slugify

_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def forms(*names: str) -> list[str]:
    """Each name as text and as a slug, folded: what ``readings`` are searched for."""
    found = []
    for name in names:
        folded = name.casefold()
        found += [folded, slugify(name, allow_unicode=True), folded.replace(" ", "_")]
    return list(dict.fromkeys(found))


def readings(data: bytes) -> list[str]:
    """``data`` as a reader, a browser, a JSON or a URL parser would read it, folded."""
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    text = data.decode("utf-8", "replace")
    unescaped = _JSON_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
    return [
        reading.casefold() for reading in (text, html.unescape(text), unescaped, unquote_plus(text))
    ]


def leaks(data: bytes, names) -> list[str]:
    """The forms of ``names`` that ``data`` holds."""
    texts = readings(data)
    return [form for form in forms(*names) if any(form in text for text in texts)]


def leaks_in_folder(root: Path, names) -> dict[str, list[str]]:
    """{file under ``root``: the forms of ``names`` it holds}, for every file that holds one."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            held = leaks(path.read_bytes(), names)
            if held:
                found[path.relative_to(root).as_posix()] = held
    return found
