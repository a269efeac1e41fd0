"""Issue 18, "done means": a speaker protected on their appearance (first name only, the
organization hidden) and a withdrawn speaker, both speaking in a transcript, appear by
no name, surname or organization in any byte of anything the public can read: every
page of the live site in both languages (crawled from / through every link of this
site, feeds, calendars, oEmbed, sitemaps and robots.txt among them), every route's
known example, searches for their names, and every file of the static export, its
search index included. Their pages answer 404 (protected) and 410 (withdrawn).

A route the crawl never reaches fails this test: a new output (an API, a release) must
be linked from the site, or this crawl taught to find it, before it ships."""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urljoin, urlsplit

import pytest
from django.utils import timezone

from flames.episodes.models import Appearance, Episode
from flames.export.services import export_site
from flames.people.models import Organization, Person, PersonName, Position, Showing, Withdrawal
from flames.search.services import rebuild_index
from flames.transcripts.services import attach_transcript
from tests.conftest import commit_setup
from tests.factories import vtt
from tests.journey import DEMO_SLUG
from tests.leaks import forms, leaks_in_folder, readings
from tests.routes import fetch, fill_small_archive, public_routes, real_address

pytestmark = pytest.mark.django_db

PROTECTED_SLUG = "zoreslava-khmarynska"
WITHDRAWN_SLUG = "yaropolk-tsebrynskyi"
SHOWN = "Zoreslava"
# Never to be read anywhere: the protected speaker's real name, surname and organization
# (with the stems a search index may keep), the withdrawn speaker's names; in both scripts.
SECRETS = [
    "Zoreslava Khmarynska",
    "Khmarynska",
    "Khmaryns",
    "Зореслава Хмаринська",
    "Хмаринська",
    "Хмаринськ",
    "Radiozavod Nova Kakhovka",
    "Radiozavod",
    "Радіозавод Нова Каховка",
    "Радіозавод",
    "Yaropolk Tsebrynskyi",
    "Yaropolk",
    "Tsebrynskyi",
    "Tsebryns",
    "Ярополк Цебринський",
    "Ярополк",
    "Цебринськ",
]
# Searches that must find nothing at all (the shown name, searched, finds her words).
FIND_NOTHING = [
    "Khmarynska",
    "Хмаринська",
    "Radiozavod Nova Kakhovka",
    "Радіозавод",
    "Yaropolk Tsebrynskyi",
    "Tsebrynskyi",
    "Ярополк Цебринський",
]
SEARCHED = [*FIND_NOTHING, "Zoreslava Khmarynska", "Зореслава Хмаринська", SHOWN]
LANGUAGES = ("en", "uk")
ORIGIN = "http://testserver"
# The crawl must end well below this; more means it found an endless set of addresses.
MAX_ADDRESSES = 3000

_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|content|url|data-[\w-]+)\s*=\s*["']([^"']+)["']""")
_ABSOLUTE = re.compile(r"""https?://testserver(?::\d+)?/[^\s"'<>\\]*""")


@dataclass(frozen=True)
class Answer:
    status: int
    data: bytes  # the headers and the body


def answer_of(response) -> Answer:
    body = b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    headers = "".join(f"{name}: {value}\n" for name, value in response.headers.items())
    return Answer(response.status_code, headers.encode() + b"\n" + body)


def links_in(address: str, response, answer: Answer) -> set[str]:
    """The addresses of this site that ``answer`` refers to: in attributes, as absolute
    URLs anywhere (feeds, JSON, calendars, robots.txt), and where it redirects."""
    text = answer.data.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("text/calendar"):
        text = re.sub(r"\r?\n[ \t]", "", text)  # iCalendar folds long lines
    candidates = [*_ATTRIBUTE.findall(text), *_ABSOLUTE.findall(text)]
    found = set()
    for candidate in candidates:
        candidate = html.unescape(candidate.strip())
        if not candidate.startswith(("/", "?", "http://", "https://")):
            continue
        parts = urlsplit(urljoin(ORIGIN + address, candidate))
        if parts.scheme != "http" or parts.netloc != "testserver":
            continue
        if parts.path.startswith(("/admin/", "/static/")):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, seeds: list[str]) -> dict[str, Answer]:
    """Every address of this site reachable from ``seeds``, with its answer."""
    answers: dict[str, Answer] = {}
    frontier = list(dict.fromkeys(seeds))
    seen = set(frontier)
    while frontier:
        address = frontier.pop()
        response = fetch(client, address)
        answers[address] = answer = answer_of(response)
        for link in sorted(links_in(address, response, answer) - seen):
            seen.add(link)
            frontier.append(link)
        assert len(seen) < MAX_ADDRESSES, "the crawl does not end"
    return answers


def echoed(address: str) -> list[str]:
    """What an answer may repeat of the address asked for: its path's parts and its query's
    values (a search page shows the words searched for; that is no leak)."""
    path, _mark, query = address.partition("?")
    parts = [unquote(part) for part in path.split("/") if part]
    return [*parts, *(value for _name, value in parse_qsl(query))]


def leaks(address: str, data: bytes) -> list[str]:
    texts = readings(data)
    for echo in echoed(address):
        for form in {*forms(echo), quote_plus(echo).casefold(), quote(echo).casefold()}:
            texts = [text.replace(form, " ") for text in texts]
    return [form for form in forms(*SECRETS) if any(form in text for text in texts)]


def route_pattern(route) -> re.Pattern:
    return re.compile(
        "".join("[^/]+" if part.startswith("<") else re.escape(part) for part in route.parts)
    )


def add_speakers(later: Episode) -> tuple[Person, Person]:
    """Zoreslava, protected on the later episode's panel, and Yaropolk, on both panels and
    public until he is withdrawn; both speak in its transcripts, as do others."""
    zoreslava = Person.objects.create(name="Zoreslava Khmarynska", slug=PROTECTED_SLUG)
    PersonName.objects.create(person=zoreslava, name="Зореслава Хмаринська")
    Appearance.objects.create(
        episode=later,
        person=zoreslava,
        order=2,
        announced_as="Engineer, Radiozavod Nova Kakhovka",
        announced_as_uk="Інженерка, Радіозавод Нова Каховка",
        announced_title="Engineer",
        announced_title_uk="Інженерка",
        shown_as=Showing.FIRST_NAME,
        shown_name=SHOWN,
        shown_name_uk="Зореслава",
        show_organization=False,
    )
    yaropolk = Person.objects.create(name="Yaropolk Tsebrynskyi", slug=WITHDRAWN_SLUG)
    PersonName.objects.create(person=yaropolk, name="Ярополк Цебринський")
    cooperative = Organization.objects.create(
        name="Kalynivka Grain Cooperative", slug="kalynivka-grain-cooperative"
    )
    Position.objects.create(person=yaropolk, title="Chair", organization=cooperative)
    for episode, order in ((later, 3), (Episode.objects.get(slug=DEMO_SLUG), 20)):
        Appearance.objects.create(
            episode=episode,
            person=yaropolk,
            order=order,
            announced_as="Chair, Kalynivka Grain Cooperative",
        )
    for language, names in (
        ("en", ("Zoreslava Khmarynska", "Yaropolk Tsebrynskyi", "Z. Khmarynska")),
        ("uk", ("Зореслава Хмаринська", "Ярополк Цебринський", "Хмаринська")),
    ):
        attach_transcript(
            episode=later,
            language=language,
            filename="panel.vtt",
            text=vtt(
                (0, 4, "Valeriy Chaly", "Security guarantees come before membership."),
                (4, 9, names[0], "The plant works for the occupiers now."),
                (9, 14, names[1], "We left in March, with the harvest unsold."),
                (14, 19, names[2], "I stayed behind."),
                (19, 24, "Host", "Thank you both."),
            ),
        )
    return zoreslava, yaropolk


def subject_examples() -> dict[str, str]:
    """{address: whose} for every route that takes a person's slug, with theirs."""
    examples = {}
    for route in public_routes():
        if route.slots == ["slug"] and route.name in {
            "people:person",
            "publishing:person_rss",
            "publishing:person_atom",
        }:
            for slug in (PROTECTED_SLUG, WITHDRAWN_SLUG):
                examples[route.path({"slug": slug})] = slug
    return examples


def test_no_public_output_names_a_protected_or_withdrawn_speaker(later_episode, tmp_path, client):
    fill_small_archive(later_episode)
    _zoreslava, yaropolk = add_speakers(later_episode)
    rebuild_index()
    commit_setup()
    mirror = tmp_path / "mirror"
    export_site(directory=mirror, workers=1)
    # Yaropolk was public: his page was in the mirror.
    assert (mirror / "en/people" / WITHDRAWN_SLUG / "index.html").is_file()

    yaropolk.withdrawn_at = timezone.now()
    yaropolk.withdrawal_reason = Withdrawal.ASKED
    yaropolk.save()
    commit_setup()

    seeds = ["/", "/robots.txt"]
    seeds += [f"/{lang}/search/?q={quote_plus(words)}" for lang in LANGUAGES for words in SEARCHED]
    seeds += [
        f"/{lang}/search/?person={slug}"
        for lang in LANGUAGES
        for slug in (PROTECTED_SLUG, WITHDRAWN_SLUG)
    ]
    crawled = crawl(client, seeds)
    routes = public_routes()
    never_crawled = [
        str(route)
        for route in routes
        if not any(route_pattern(route).fullmatch(address.partition("?")[0]) for address in crawled)
    ]
    examples = {
        real_address(route): answer_of(fetch(client, real_address(route))) for route in routes
    }
    theirs = {address: answer_of(fetch(client, address)) for address in subject_examples()}
    answers = {**crawled, **examples, **theirs}
    live_leaks = {
        address: found
        for address, answer in answers.items()
        if (found := leaks(address, answer.data))
    }
    searches = {
        f"/{lang}/search/?q={quote_plus(words)}" for lang in LANGUAGES for words in FIND_NOTHING
    }
    found_them = sorted(
        address for address in searches if b'<ol class="results">' in answers[address].data
    )

    report = export_site(directory=mirror, workers=1)
    exported = leaks_in_folder(tmp_path, SECRETS)
    slugs_exported = sorted(
        path.relative_to(tmp_path).as_posix()
        for path in tmp_path.rglob("*")
        if PROTECTED_SLUG in path.name or WITHDRAWN_SLUG in path.name
    )

    pages = [
        f"/{lang}/people/{slug}/" for lang in LANGUAGES for slug in (PROTECTED_SLUG, WITHDRAWN_SLUG)
    ]
    outcome = {
        "their pages": {address: answers[address].status for address in pages},
        "their feeds that answer": sorted(
            address
            for address in theirs
            if address not in pages and answers[address].status not in (404, 410)
        ),
        "routes the crawl never reached": never_crawled,
        "live answers naming them": live_leaks,
        "searches finding them": found_them,
        "exported files naming them": exported,
        "exported files named after them": slugs_exported,
        "export rebuilt its search index": report.search_rebuilt,
    }
    assert outcome == {
        "their pages": {
            f"/en/people/{PROTECTED_SLUG}/": 404,
            f"/en/people/{WITHDRAWN_SLUG}/": 410,
            f"/uk/people/{PROTECTED_SLUG}/": 404,
            f"/uk/people/{WITHDRAWN_SLUG}/": 410,
        },
        "their feeds that answer": [],
        "routes the crawl never reached": [],
        "live answers naming them": {},
        "searches finding them": [],
        "exported files naming them": {},
        "exported files named after them": [],
        "export rebuilt its search index": True,
    }
