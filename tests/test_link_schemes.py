"""Only http, https and mailto links are written into a page, a feed or the export,
whatever stored the link: here the ORM, as a shell, a fixture or an import would."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

from flames.episodes.models import Episode, Series
from flames.people.models import Organization
from flames.support.models import CallToAction
from flames.values.fields import LinkField
from flames.values.link_schemes import safe_link
from tests.routes import fetch, fill_small_archive, public_routes, real_address

MARK = "flames-xss"
# What browsers run as script, as it may be stored: every case, spaces and control
# characters around it, tabs and line breaks inside the scheme.
HOSTILE_LINKS = [
    f"javascript:alert('{MARK}')",
    f"JAVASCRIPT:alert('{MARK}')",
    f"  \t\n\x01javascript:alert('{MARK}')",
    f"java\tscript:alert('{MARK}')",
    f"java\r\nscript:alert('{MARK}')",
    f"data:text/html,<script>alert('{MARK}')</script>",
    f"vbscript:msgbox('{MARK}')",
]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("https://example.org/donate?a=1&b=2", "https://example.org/donate?a=1&b=2"),
        ("HTTP://EXAMPLE.ORG/", "HTTP://EXAMPLE.ORG/"),
        ("mailto:info@example.org", "mailto:info@example.org"),
        (" https://example.org/a\n", "https://example.org/a"),
        ("https://exa\tmple.org/", "https://example.org/"),
        ("www.example.org/donate", "https://www.example.org/donate"),
        ("WWW.Example.org", "https://WWW.Example.org"),
        *[(link, "") for link in HOSTILE_LINKS],
        ("//example.org/x", ""),
        ("/donate", ""),
        ("example.org/donate", ""),
        ("ftp://example.org/file", ""),
        ("javascript&#58;alert(1)", ""),
        ("", ""),
    ],
)
def test_safe_link(stored, written):
    assert safe_link(stored) == written


def test_every_stored_link_is_read_through_the_scheme_rule():
    """A new URL field must be a LinkField, or its links would reach pages unchecked."""
    unchecked = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("flames.")
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, LinkField)
    ]
    assert unchecked == []


def store_everywhere(link: str) -> None:
    """``link`` in every stored link of the site, written as a shell would write it."""
    Series.objects.update(contact_url=link, contact_email="info@example.org")
    Episode.objects.update(video_url=link, media_url=link)
    Organization.objects.update(website=link)
    CallToAction.objects.update(url=link)


@pytest.fixture
def archive(later_episode):
    fill_small_archive(later_episode)
    return Client(raise_request_exception=False)


def every_public_answer(client) -> dict[str, str]:
    """Every route in every language with real values: its body and where it redirects."""
    answers = {}
    for route in public_routes():
        address = real_address(route)
        response = fetch(client, address)
        assert response.status_code in {200, 301, 302, 404}, (address, response.status_code)
        answers[address] = response.content.decode() + response.get("Location", "")
    return answers


@pytest.mark.parametrize("link", HOSTILE_LINKS)
def test_no_page_or_feed_writes_a_hostile_link(archive, link):
    store_everywhere(link)

    answers = every_public_answer(archive)

    assert [address for address, text in answers.items() if MARK in text] == []
    assert not [address for address, text in answers.items() if "javascript:" in text.lower()]


def test_safe_links_are_written_where_hostile_ones_were_dropped(archive):
    """The same pages with a safe link: each place that dropped the hostile one shows it."""
    store_everywhere("https://example.org/flames-safe")

    answers = every_public_answer(archive)
    showing = sorted(
        address.split("?")[0] for address, text in answers.items() if "flames-safe" in text
    )

    for page in ["/en/", "/uk/how-to-help/", "/en/about/", "/en/organizations/"]:
        assert any(address.startswith(page) for address in showing), page
    assert "/en/feeds/podcast.rss" in showing  # the enclosure and the funding link
    assert "/en/feeds/calendar.ics" in showing  # the location: the video


def test_www_links_are_written_as_https(archive):
    CallToAction.objects.update(url="www.example.org/donate")
    Organization.objects.update(website="www.example.org")

    how_to_help = fetch(archive, "/en/how-to-help/").content.decode()
    organization = fetch(archive, "/en/organizations/ukraine-crisis-media-center/")

    assert 'href="https://www.example.org/donate"' in how_to_help
    assert 'href="www.' not in how_to_help
    assert '<a href="https://www.example.org" rel="noopener">https://www.example.org</a>' in (
        organization.content.decode()
    )


def test_the_export_writes_no_hostile_link(archive, tmp_path):
    Series.objects.update(contact_url=HOSTILE_LINKS[0])
    Episode.objects.update(video_url=HOSTILE_LINKS[1], media_url=HOSTILE_LINKS[5])
    Organization.objects.update(website=HOSTILE_LINKS[2])
    CallToAction.objects.update(url=HOSTILE_LINKS[3])
    out = tmp_path / "mirror"

    call_command("export", str(out), "--no-search", "--no-progress", "--workers", "1")

    files = [path for path in out.rglob("*") if path.is_file()]
    assert len(files) > 100
    written = [
        path.relative_to(out).as_posix() for path in files if MARK.encode() in path.read_bytes()
    ]
    assert written == []
