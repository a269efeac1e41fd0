"""What views share: selectors answer None for what is not there, views answer 404."""

from typing import TypeVar

from django.http import Http404

Found = TypeVar("Found")


def found_or_404(found: Found | None) -> Found:
    """``found``, or the "page not found" answer when a selector found nothing."""
    if found is None:
        raise Http404
    return found
