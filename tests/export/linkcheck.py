"""An independent check of an exported mirror: every reference resolves to a file.

It shares no code with the exporter's rewriting: it parses HTML with the standard
library's parser and reads XML, text and calendar files with plain patterns.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

FOLLOWED = {"href", "src", "action", "poster"}
URL_META = {"og:url", "og:image", "twitter:image"}
ABSOLUTE = re.compile(r"https?://[^\s\"'<>\\]+")


class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in FOLLOWED & attributes.keys():
            self.found.append(attributes[name])
        if tag == "meta" and (attributes.get("property") or attributes.get("name")) in URL_META:
            self.found.append(attributes["content"])
        self._script = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._script:
            self.scripts.append(data)

    def handle_endtag(self, tag):
        self._script = False


def references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = _References()
        parser.feed(text)
        found = parser.found
        for script in parser.scripts:
            found += ABSOLUTE.findall(script)
        return found
    if path.suffix == ".ics":
        text = text.replace("\r\n ", "")
    if path.suffix in (".xml", ".rss", ".atom", ".ics", ".txt", ".json"):
        return [url.replace("&amp;", "&") for url in ABSOLUTE.findall(text)]
    return []


def broken_references(root: Path, *, base: str | None, origin: str = "http://localhost") -> list:
    """(file, reference, why) for every internal reference that does not lead to a file."""
    home = base or origin + "/"
    broken = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or relative.startswith((".flames-export/", "pagefind/")):
            continue
        page_url = home + relative
        for reference in references(path):
            if reference.startswith(("#", "mailto:", "data:")):
                continue
            address = urljoin(page_url, reference)
            if not address.startswith(home):
                if urlsplit(address).netloc == urlsplit(home).netloc:
                    broken.append((relative, reference, "outside the base URL"))
                continue
            parts = urlsplit(address)
            if parts.query:
                broken.append((relative, reference, "a query string a static host ignores"))
                continue
            target = unquote(parts.path[len(urlsplit(home).path) :])
            if target == "" or target.endswith("/"):
                target += "index.html"
            if not (root / target).is_file():
                broken.append((relative, reference, f"no file {target}"))
    return broken
