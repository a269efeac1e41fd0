"""Every public route of the site, read from the URL configuration, with real values
that open a real page on the small archive of ``fill_small_archive``. Tests that must
reach every page (hostile input, link schemes) walk these."""

import functools
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone

from flames.episodes.models import Episode
from tests import factories
from tests.factories import transcript
from tests.journey import DEMO_SLUG, LATER_SLUG

# One real value for each path value of each route, so that hostile query parameters
# reach the view behind an existing page, not only its 404.
REAL_VALUES = {
    ("episodes:detail", "slug"): DEMO_SLUG,
    ("episodes:topic", "slug"): "nato",
    ("people:person", "slug"): "valeriy-chaly",
    ("people:organization", "slug"): "ukraine-crisis-media-center",
    ("publishing:topic_rss", "slug"): "nato",
    ("publishing:topic_atom", "slug"): "nato",
    ("publishing:person_rss", "slug"): "valeriy-chaly",
    ("publishing:person_atom", "slug"): "valeriy-chaly",
    ("publishing:episode_calendar", "slug"): DEMO_SLUG,
    ("publishing:embed", "slug"): LATER_SLUG,
    ("publishing_root:sitemap_section", "section"): "episodes-en",
    ("publishing_root:thumbnail", "slug"): LATER_SLUG,
    ("transcripts:webvtt", "slug"): LATER_SLUG,
    ("transcripts:webvtt", "language"): "en",
}

# The query a route needs to answer 200.
REAL_QUERIES = {"publishing_root:oembed": f"url=http://testserver/en/episodes/{DEMO_SLUG}/"}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name, as reverse() takes it
    parts: tuple[str, ...]  # literal text, and "<name>" for each path value

    @property
    def slots(self) -> list[str]:
        return [part[1:-1] for part in self.parts if part.startswith("<")]

    def path(self, values: dict[str, str]) -> str:
        return "".join(values[part[1:-1]] if part.startswith("<") else part for part in self.parts)

    def __str__(self) -> str:
        return "".join(self.parts)


_CONVERTER_RE = re.compile(r"<(?:\w+:)?(\w+)>")


def _route_parts(route: str) -> list[str]:
    parts, position = [], 0
    for match in _CONVERTER_RE.finditer(route):
        parts += [route[position : match.start()], f"<{match.group(1)}>"]
        position = match.end()
    return [*parts, route[position:]]


def _walk(patterns, prefix: list[str], namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if isinstance(entry.pattern, LocalePrefixPattern):
                for code, _name in settings.LANGUAGES:
                    yield from _walk(entry.url_patterns, [*prefix, f"{code}/"], inner)
            else:
                assert isinstance(entry.pattern, RoutePattern), entry
                yield from _walk(
                    entry.url_patterns, [*prefix, *_route_parts(str(entry.pattern))], inner
                )
        else:
            assert isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern), entry
            parts = [*prefix, *_route_parts(str(entry.pattern))]
            yield Route(f"{namespace}{entry.name}", tuple(part for part in ["/", *parts] if part))


@functools.cache
def public_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns, [], ""))


def fetch(client: Client, address: str):
    """GET a percent-encoded address as a server hands it to Django, even one that
    ``urllib`` cannot parse ("//[x/")."""
    path, _mark, query = address.partition("?")
    return client.request(
        REQUEST_METHOD="GET",
        PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"),
        QUERY_STRING=query,
    )


def fill_small_archive(later_episode) -> None:
    """Beside the demo and ``later_episode``: shared topics, a media file, transcripts
    in both languages, an upcoming episode; every route then has a real page."""
    later_episode.topics.set(Episode.objects.get(slug=DEMO_SLUG).topics.all())
    later_episode.media_url = "https://media.example.org/122.mp3"
    later_episode.save()
    for language in ("en", "uk"):
        transcript(
            later_episode,
            (0, 4, "Valeriy Chaly", "Security guarantees come before membership."),
            (4, 9, None, "Sanctions must stay."),
            language=language,
        )
    factories.episode(
        "Upcoming", status=Episode.Status.SCHEDULED, air_time=timezone.now() + timedelta(days=3)
    )


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def real_values(route: Route) -> dict[str, str]:
    return {slot: REAL_VALUES[route.name, slot] for slot in route.slots}


def real_address(route: Route) -> str:
    return with_query(route.path(real_values(route)), REAL_QUERIES.get(route.name, ""))
