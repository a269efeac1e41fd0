"""Addresses of the pages named by a slug (episodes, people, topics ...), remembered.

A list, a feed or a sitemap links to dozens of episodes and people, and Django's
``reverse()`` matches the URL patterns again for each link, a large share of a list
page's time (bench/README.md, *Figures behind the code*). The memo's key holds
everything ``reverse()`` reads besides the name and slug: the URL configuration in
use, the language (the address's prefix) and the script prefix. A changed configuration (tests
override it) is a new resolver, hence a new key.
"""

import functools

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def slug_url(viewname: str, slug: str) -> str:
    """``reverse(viewname, kwargs={"slug": slug})``, from memory after the first time."""
    resolver = get_resolver(get_urlconf())
    return _reversed(resolver, get_language(), get_script_prefix(), viewname, slug)


# Room for every slug address of a large archive in both languages.
@functools.lru_cache(maxsize=100_000)
def _reversed(resolver, language, script_prefix, viewname, slug) -> str:
    return reverse(viewname, kwargs={"slug": slug})
