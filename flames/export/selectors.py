"""What a static mirror holds: found from the URLconf, the database (through the
pages themselves) and the collected static files."""

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation

from flames.episodes.models import Appearance
from flames.people.models import Person, Showing

# Namespaces that are never part of the public site.
PRIVATE_NAMESPACES = {"admin"}
# Collected static files the public pages never use.
PRIVATE_STATIC = ("admin/", "staticfiles.json")


def seed_addresses() -> list[str]:
    """The site's root and every named address without parameters, in every language.

    Addresses with parameters (an episode, a person, a page of a list) are found
    by following links from these, the sitemap among them, so the mirror holds
    what the site links to, the way the database has it today.
    """
    names = sorted(set(_parameterless_names(get_resolver().url_patterns, ())))
    addresses = {"/"}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in names:
                try:
                    addresses.add(reverse(name))
                except NoReverseMatch:
                    continue
    return sorted(addresses)


def home_pages() -> list[str]:
    """The home page's address in every language."""
    addresses = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            addresses.append(reverse("episodes:home"))
    return addresses


def _parameterless_names(patterns, namespaces):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in PRIVATE_NAMESPACES or _has_parameters(pattern):
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _parameterless_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not _has_parameters(pattern):
            yield ":".join((*namespaces, pattern.name))


def _has_parameters(pattern) -> bool:
    route = pattern.pattern
    converters = getattr(route, "converters", None)
    if converters is not None:
        return bool(converters)
    return route.regex.groups > 0


def static_files() -> list[tuple[str, Path]]:
    """(mirror file, collected file) for every public static file, hashed names included."""
    root = Path(settings.STATIC_ROOT)
    prefix = settings.STATIC_URL.lstrip("/")
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            source = Path(folder) / name
            relative = source.relative_to(root).as_posix()
            if relative.startswith(PRIVATE_STATIC):
                continue
            found.append((prefix + relative, source))
    return sorted(found)


def language_of(key: str) -> str:
    """The language of an address from its prefix, else the site's default."""
    language = translation.get_language_from_path(key.partition("?")[0])
    return language or settings.LANGUAGE_CODE


def language_variants(key: str) -> list[str]:
    """``key`` and the same address in every other language (``/en/x/``, ``/uk/x/``)."""
    language = translation.get_language_from_path(key.partition("?")[0])
    if language is None:
        return [key]
    rest = key[len(language) + 1 :]
    return [key] + [f"/{code}{rest}" for code, _name in settings.LANGUAGES if code != language]


# A speaker shown by their full name, with organization and portrait, never withdrawn.
_UNPROTECTED = Q(
    shown_as=Showing.FULL_NAME,
    shown_name="",
    shown_name_uk="",
    show_organization=True,
    show_portrait=True,
    withdrawn_at__isnull=True,
    withdrawal_reason="",
)
_PROTECTION_FIELDS = (
    "shown_as",
    "shown_name",
    "shown_name_uk",
    "show_organization",
    "show_portrait",
    "withdrawn_at",
    "withdrawal_reason",
)


def protection_digest() -> str:
    """One digest of how every speaker who is not plainly public is shown: each
    protection, withdrawal and consent of people and appearances, and the role shown
    without its organization. Whatever its change, the export reuses nothing of the last
    one but identical files: pages, feeds and the search index may all hold the name."""
    digest = hashlib.blake2b(digest_size=16)
    people = Person.objects.filter(~_UNPROTECTED | ~Q(portrait_consent="", directory_consent=""))
    rows = [
        people.values_list("pk", *_PROTECTION_FIELDS, "portrait_consent", "directory_consent"),
        Appearance.objects.filter(~_UNPROTECTED).values_list(
            "pk", *_PROTECTION_FIELDS, "announced_title", "announced_title_uk"
        ),
    ]
    for queryset in rows:
        for row in queryset.order_by("pk"):
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()
