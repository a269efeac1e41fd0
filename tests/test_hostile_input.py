"""Hostile addresses: every public URL pattern, in every language, with hostile path
values and hostile query parameters, answers 2xx, 3xx, 400, 404 or 410, never a 500.

The routes are read from the URL configuration and the parameters from the views'
source, so a new page or a new parameter is covered without touching this file (a
new route with a path value needs one real value in ``tests.routes.REAL_VALUES``). Runs on the
configured database: SQLite, or PostgreSQL when DATABASE_URL points at one (which
refuses NUL characters in text, the most common 500 the audit found there).
"""

import functools
import logging
import re
import traceback
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flames
from flames.people.models import Organization
from flames.support.models import CallToAction
from tests.journey import DEMO_SLUG
from tests.routes import (
    REAL_QUERIES,
    REAL_VALUES,
    Route,
    fetch,
    fill_small_archive,
    public_routes,
    real_address,
    real_values,
    with_query,
)

# oEmbed asks for 501 when a consumer wants a format the provider does not make.
ALSO_ACCEPTED = {"publishing_root:oembed": {501}}

# Parameters read by Django's own views rather than by ours: the sitemap's page.
FRAMEWORK_PARAMETERS = {"p"}


def _encoded(text: str) -> str:
    return quote(text.encode(), safe="")


# Text no legitimate address holds, and text that is legitimate but extreme.
HOSTILE_TEXT = [
    "\x00",
    "a\x00b",
    "nato\x00",
    "\x01\x1f\x7f",
    "\t\r\n",
    "-1",
    "0",
    "9" * 30,
    "9" * 5000,
    "1e400",
    "nan",
    "²",
    "١٢٣",
    "2024-13-45",
    "x" * 10_000,
    "../../etc/passwd",
    "a/b",
    "\\",
    "http://[",
    "//[::1",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"',
    "☃ Клімкін 𝕏",
    "\u202e\ufeff\u200b",
    " ",
    # Addresses of this site, for /oembed/?url=, which reads the path in them.
    "http://testserver/en/episodes/a\x00b/",
    "http://testserver/en/episodes/%00/",
    "http://testserver/uk/episodes/%ff/",
]
# Already percent-encoded: bytes that are not UTF-8, encoded NULs and separators,
# broken escapes. Written into the address as they are.
ENCODED_JUNK = [
    "%00",
    "%2500",
    "%ff",
    "%c0%80",
    "%ed%a0%80",
    "%e2%82",
    "%2f",
    "%5c",
    "%25",
    "%",
    "%zz",
    "%u0000",
]
# One value of each class, for the query parameters of every route (every page renders
# in full, so the whole list would be slow): NUL raw and encoded, control characters,
# numbers too large for a database or for int(), digits int() refuses, not UTF-8, an
# unparseable URL, an overlong value.
QUERY_CLASSES = [
    "%00",
    "%2500",
    _encoded("\x01\x1f\x7f"),
    "9" * 30,
    "9" * 5000,
    "-1",
    "1e400",
    _encoded("²"),
    "%ff",
    "%ed%a0%80",
    _encoded("http://["),
    _encoded("//[::1"),
    _encoded("x" * 10_000),
    _encoded("http://testserver/en/episodes/%00/"),
]


_PARAMETER_RE = re.compile(r"""\bGET(?:\.get|\.getlist|\.__getitem__)?[(\[]\s*["'](\w+)["']""")


@functools.cache
def query_parameters() -> list[str]:
    """Every query parameter a view of the site reads, found in the source."""
    found = set(FRAMEWORK_PARAMETERS)
    for source in Path(flames.__file__).parent.rglob("*.py"):
        found.update(_PARAMETER_RE.findall(source.read_text()))
    return sorted(found)


def accepted(route: Route, status: int) -> bool:
    return 200 <= status < 400 or status in {400, 404, 410} | ALSO_ACCEPTED.get(route.name, set())


@pytest.fixture
def quiet_refusals():
    """Thousands of 400s and 404s are expected here: only a server error is logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def site(transactional_db, later_episode, quiet_refusals):
    """A small archive: two episodes with topics, speakers, an organization page, a call
    to action with a link, transcripts in both languages, one upcoming episode.

    Transactional, so that a request failing in the database (PostgreSQL refusing a
    NUL) cannot poison the transaction of the requests after it. The test client
    enters Django directly, so the request budget (a WSGI layer, tests/test_budget.py)
    does not refuse these thousands of requests from one address."""
    fill_small_archive(later_episode)
    CallToAction.objects.filter(kind="donation").update(url="https://example.org/donate")
    assert Organization.objects.filter(slug=REAL_VALUES["people:organization", "slug"]).exists()
    return Client(raise_request_exception=False)


def _failure(route: Route, address: str, response) -> str:
    """One line: the status, the route, the address and where the exception came from."""
    if not response.exc_info:
        return f"{response.status_code} {route.name} {address[:200]!r}"
    _type, error, trace = response.exc_info
    frames = traceback.extract_tb(trace)
    ours = [frame for frame in frames if "/flames/" in frame.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}"
    return f"{response.status_code} {route.name} {address[:200]!r} {error!r:.200} at {where}"


def test_every_route_and_parameter_is_found():
    routes = {str(route): route for route in public_routes()}
    assert {"/en/episodes/<slug>/", "/uk/search/", "/sitemap-<section>.xml"} <= {*routes}
    assert not [path for path in routes if path.startswith("/admin")]
    missing = [(route.name, slot) for route in routes.values() for slot in route.slots]
    assert [key for key in missing if key not in REAL_VALUES] == []
    assert {"page", "q", "year", "topic", "person", "language", "letter", "url", "p"} <= set(
        query_parameters()
    )


def test_real_values_open_real_pages(site):
    """The fixture's content is what the hostile tests hit behind each route."""
    for route in public_routes():
        address = real_address(route)
        assert fetch(site, address).status_code in {200, 301, 302}, address


def test_every_route_answers_each_known_hostile_value(site):
    """Each known class of hostile value, in each path value and then in every query
    parameter at once, on every route in every language: all failures listed at once.
    Where the parameters together are refused (oEmbed's format), each is sent alone,
    so that none hides behind another."""
    parameters = query_parameters()
    failures = []

    def check(route, address):
        response = fetch(site, address)
        if not accepted(route, response.status_code):
            failures.append(_failure(route, address, response))
        return response.status_code

    for route in public_routes():
        real, base = real_values(route), REAL_QUERIES.get(route.name, "")
        for value in [*map(_encoded, HOSTILE_TEXT), *ENCODED_JUNK]:
            for slot in route.slots:
                check(route, route.path({**real, slot: value}))
        for value in QUERY_CLASSES:
            # A parameter given twice counts by its last value: the hostile one.
            together = "&".join([base, *(f"{name}={value}" for name in parameters)])
            if check(route, with_query(route.path(real), together)) in {404, 501}:
                for name in parameters:
                    check(route, with_query(route.path(real), f"{base}&{name}={value}"))
    assert not failures, "\n".join(failures)


def test_unknown_addresses_answer_404_not_500(site):
    failures = []
    for prefix in ["/", "/en/", "/uk/", "/en/episodes/", "/feeds/"]:
        for value in [*map(_encoded, HOSTILE_TEXT), *ENCODED_JUNK, "/[", "//[x/"]:
            response = fetch(site, prefix + value)
            if response.status_code not in {301, 302, 400, 404}:
                failures.append(_failure(Route("-", ()), prefix + value, response))
    assert not failures, "\n".join(failures)


_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.integers().map(str),
    st.from_regex(r"\A-?[0-9]{1,6}\Z"),
)
_encoded_value = st.one_of(
    _text.map(_encoded),
    st.sampled_from(ENCODED_JUNK),
    st.lists(st.one_of(_text.map(_encoded), st.sampled_from(ENCODED_JUNK)), max_size=4).map(
        "".join
    ),
)


@st.composite
def hostile_requests(draw):
    route = draw(st.sampled_from(public_routes()))
    values = real_values(route)
    for slot in route.slots:
        if draw(st.booleans()):
            values[slot] = draw(_encoded_value)
    names = st.one_of(st.sampled_from(query_parameters()), _encoded_value)
    hostile = draw(st.lists(st.tuples(names, _encoded_value), max_size=5))
    query = [REAL_QUERIES.get(route.name, ""), *(f"{name}={value}" for name, value in hostile)]
    return route, with_query(route.path(values), "&".join(part for part in query if part))


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile=hostile_requests())
def test_any_hostile_request_answers_without_a_server_error(site, hostile):
    route, address = hostile
    response = fetch(site, address)
    assert accepted(route, response.status_code), _failure(route, address, response)


def test_a_control_character_is_refused_in_one_line_naming_where(site):
    response = fetch(site, f"/en/episodes/{DEMO_SLUG}%00/")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "The path of the address holds a control character (U+0000).\n"
    )
    assert "Content-Security-Policy" in response

    response = fetch(site, "/uk/search/?q=nato%1b")
    assert response.status_code == 400
    assert response.content.decode() == ("Параметр запиту «q» містить керівний символ (U+001B).\n")


def test_tabs_and_line_breaks_in_a_search_are_searched(site):
    response = fetch(site, "/en/search/?q=sanctions%09must%0D%0Astay")
    assert response.status_code == 200
    assert response.context["q"] == "sanctions\tmust\r\nstay"


# Request headers a public page reads: the session and CSRF cookies, the language,
# the validators of conditional requests. A cookie value in quotes may hold octal
# escapes, which Python's cookie parser turns into control characters.
HOSTILE_HEADERS = [
    {"HTTP_COOKIE": 'sessionid="\\000\\000\\000\\000\\000\\000\\000\\000"'},
    {"HTTP_COOKIE": 'csrftoken="\\000\\000\\000\\000\\000\\000\\000\\000"'},
    {"HTTP_COOKIE": "sessionid=" + "x" * 5000},
    {"HTTP_COOKIE": "sessionid=%00%00%00%00%00%00%00%00; csrftoken=%ff"},
    {"HTTP_ACCEPT_LANGUAGE": "\x00" * 8},
    {"HTTP_ACCEPT_LANGUAGE": "x" * 5000},
    {"HTTP_IF_NONE_MATCH": '"\x00", W/"' + "9" * 5000},
    {"HTTP_IF_MODIFIED_SINCE": "Sun, 99 Foo 99999 99:99:99 GMT"},
    {"HTTP_IF_MODIFIED_SINCE": "9" * 5000},
    {"HTTP_X_FORWARDED_PROTO": "\x00"},
]


# Django warns that a 5,000-character session key would not suit memcached (the site
# uses local memory or Redis); the page is still answered.
@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_every_route_answers_hostile_cookies_and_headers(site):
    failures = []
    for route in public_routes():
        address = real_address(route)
        path, _mark, query = address.partition("?")
        for headers in HOSTILE_HEADERS:
            response = site.request(
                REQUEST_METHOD="GET", PATH_INFO=path, QUERY_STRING=query, **headers
            )
            if not accepted(route, response.status_code):
                failures.append(f"{_failure(route, address, response)} with {headers!r:.80}")
    assert not failures, "\n".join(failures)


def test_a_path_that_looks_like_another_host_stays_on_this_site(site):
    """A path such as "//example.org/x/": the 404 page's own URL and language links must
    not read it as another host."""
    response = fetch(site, "//example.org/x/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<meta property="og:url" content="http://testserver/example.org/x/">' in html
    assert "//example.org" not in html.replace("http://testserver/example.org", "")
