"""What views share: selectors answer None for what is not there, views answer 404, or
410 for what was taken down on purpose."""

from typing import TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

Found = TypeVar("Found")


def found_or_404(found: Found | None) -> Found:
    """``found``, or the "page not found" answer when a selector found nothing."""
    if found is None:
        raise Http404
    return found


def gone(request: HttpRequest, template: str) -> HttpResponse:
    """The "gone for good" answer (410), ``template`` saying why. The page names nothing:
    the language links, which repeat the address (often a name), are left out."""
    return render(request, template, {"language_links": []}, status=410)
