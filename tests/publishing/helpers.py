"""The real consumers (feedparser, ElementTree, pyld) the tests read with, and a reader of forms."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
from pyld import jsonld

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "video": "http://www.google.com/schemas/sitemap-video/1.1",
}
SCHEMA = "http://schema.org/"

# The parts of schema.org's JSON-LD context these pages rely on (the real one is
# fetched from the web, which tests must not do): the vocabulary, and which
# properties hold links.
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": SCHEMA,
        "schema": SCHEMA,
        **{
            name: {"@id": f"schema:{name}", "@type": "@id"}
            for name in ("url", "sameAs", "thumbnailUrl", "embedUrl", "contentUrl")
        },
    }
}


def _schema_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def parse_feed(response):
    """feedparser's reading of a feed response, failing on any well-formedness problem."""
    assert response.status_code == 200, response.status_code
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def parse_xml(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    return ET.fromstring(response.content)


def json_ld(response) -> list[dict]:
    """Every JSON-LD block of an HTML page, expanded by a JSON-LD processor."""
    html = response.content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    options = {"documentLoader": _schema_loader}
    return [jsonld.expand(json.loads(block), options) for block in blocks]


def _plain(found: dict):
    """A literal's value, a bare link's address, or else the node itself."""
    if "@value" in found:
        return found["@value"]
    if set(found) == {"@id"}:
        return found["@id"]
    return found


def value(node: dict, name: str):
    """The single value of schema.org property ``name`` of an expanded node."""
    found = node[SCHEMA + name]
    assert len(found) == 1, found
    return _plain(found[0])


def values(node: dict, name: str) -> list:
    return [_plain(found) for found in node.get(SCHEMA + name, [])]


def types(node: dict) -> list[str]:
    return [t.removeprefix(SCHEMA) for t in node["@type"]]


def get_with_queries(client, url, assert_num_queries, expected: int):
    """GET ``url`` and check it ran exactly ``expected`` queries."""
    with assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


class _FormReader(HTMLParser):
    """The values a browser would submit from the page's form with id ``form_id``."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = attrs["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def form_data(response, form_id: str) -> dict[str, list[str]]:
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    return reader.data
