"""Builders and the real consumers (feedparser, ElementTree, pyld) the tests read with."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
from pyld import jsonld

from flames.episodes.models import Appearance
from flames.support.models import CallToAction
from tests import factories

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


def make_episode(series, n, **fields):
    """A published episode #n aired at 19:00 Kyiv time on day n of 2024."""
    fields.setdefault("number", n)
    fields.setdefault("air_time", factories.kyiv(2024, 1, 1, 19) + timedelta(days=n))
    fields.setdefault("slug", f"episode-{n}")
    fields.setdefault("summary", f"What panel {n} talked about.")
    fields.setdefault("duration", timedelta(hours=1, minutes=5, seconds=30))
    return factories.episode(fields.pop("title", f"Panel {n}"), series=series, **fields)


def make_panel(series):
    """Episode #7 with a moderator and two guests, a topic, a video and a media file."""
    topic = factories.topic("NATO", slug="nato", name_uk="НАТО")
    host = factories.person("Olena Host", slug="olena-host")
    chaly = factories.person("Valeriy Chaly", slug="valeriy-chaly")
    guest = factories.person("Baiba Braže", slug="baiba-braze")
    episode = make_episode(
        series,
        7,
        title="Sanctions & security: what “next” means",
        title_uk="Санкції і безпека",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_url="https://media.example.org/ep7.mp3",
        media_size=48_000_000,
        media_type="audio/mpeg",
        speakers=[
            (host, "Journalist"),
            (chaly, "Ambassador of Ukraine to the USA (2015-2019)"),
            (guest, "Assistant Secretary General"),
        ],
    )
    Appearance.objects.filter(episode=episode, person=host).update(part=Appearance.Part.MODERATOR)
    episode.topics.add(topic)
    return episode


def donation(series, url="https://donate.example.org/"):
    return CallToAction.objects.create(
        kind=CallToAction.Kind.DONATION,
        title="Donate to the army",
        url=url,
        organization=factories.organization("NGO “Euroatlantic Course”"),
        series=series,
    )


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
