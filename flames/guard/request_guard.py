"""Refuse, with a 400, addresses that hold control characters, before any view runs.

No page, feed or link of the site has a control character in its path or query, and
they are how hostile requests reach a 500: PostgreSQL refuses NUL in any text
("A string literal cannot contain NUL characters"), so a NUL in a slug or a filter
failed in the database. One check here covers every view, present and future.

Tabs and line breaks are let through in query values only: text pasted into the
search box may carry them, and they are harmless to both databases.

A cookie is the reader's browser's, not the address: one with a control character
(a quoted value may spell one as an octal escape, "\\000") is dropped, not refused,
so the session lookup never sends it to the database and the page is shown as to a
reader without cookies.
"""

import re

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_SPACING_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_in(text: str) -> str | None:
    """The first control character of ``text`` (U+0000 to U+001F, U+007F), if any."""
    found = _CONTROL_RE.search(text)
    return found.group() if found else None


def _refusal(request) -> str | None:
    character = control_character_in(request.path_info)
    if character is not None:
        return gettext("The path of the address holds a control character (%(code)s).") % {
            "code": f"U+{ord(character):04X}"
        }
    for name, values in request.GET.lists():
        for text in (name, *values):
            found = _CONTROL_BUT_SPACING_RE.search(text)
            if found:
                return gettext(
                    "The query parameter “%(name)s” holds a control character (%(code)s)."
                ) % {"name": _CONTROL_RE.sub("", name)[:40], "code": f"U+{ord(found.group()):04X}"}
    return None


def _drop_cookies_with_control_characters(request) -> None:
    for name, value in list(request.COOKIES.items()):
        if control_character_in(name) or control_character_in(value):
            del request.COOKIES[name]


class RefuseControlCharactersMiddleware:
    """Answer 400, in one plain line in the address's language, to an address with a
    control character, never touching the database for it; drop such cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        with translation.override(language or translation.get_language()):
            refusal = _refusal(request)
        if refusal is None:
            _drop_cookies_with_control_characters(request)
            return self.get_response(request)
        return HttpResponseBadRequest(refusal + "\n", content_type="text/plain; charset=utf-8")
