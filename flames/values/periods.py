"""Date ranges stored as two nullable dates: a missing end leaves the period open."""

import datetime

from django.db.models import Q


def contains(day: datetime.date, *, start: str, end: str) -> Q:
    """Rows whose period from field ``start`` to field ``end`` (both days included)
    contains ``day``; an empty field leaves that side open."""
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day})
    )
