"""Small builders for test data; every argument a test doesn't care about has a default."""

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from flames.episodes.models import Appearance, Episode, Series, Topic
from flames.people.models import Organization, Person, Position

KYIV = ZoneInfo("Europe/Kyiv")
_counter = itertools.count(1)


def kyiv(year, month, day, hour=19, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=KYIV)


def series(**fields):
    existing = Series.objects.first()
    if existing and not fields:
        return existing
    defaults = {"title": "Ukraine in Flames", "slug": f"series-{next(_counter)}", "mission": "M."}
    return Series.objects.create(**{**defaults, **fields})


def person(name=None, **fields):
    name = name or f"Person {next(_counter)}"
    slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{next(_counter)}"
    return Person.objects.create(name=name, slug=slug, **fields)


def organization(name=None, **fields):
    name = name or f"Organization {next(_counter)}"
    fields.setdefault("slug", f"org-{next(_counter)}")
    return Organization.objects.create(name=name, **fields)


def position(who, title, **fields):
    return Position.objects.create(person=who, title=title, **fields)


def topic(name=None, **fields):
    name = name or f"Topic {next(_counter)}"
    fields.setdefault("slug", f"topic-{next(_counter)}")
    return Topic.objects.create(name=name, **fields)


def episode(title=None, *, speakers=(), status=Episode.Status.PUBLISHED, **fields):
    """An episode with ``speakers``: people, or (person, announced_as) pairs, in order."""
    title = title or f"Episode {next(_counter)}"
    fields.setdefault("series", series())
    fields.setdefault("slug", f"episode-{next(_counter)}")
    made = Episode.objects.create(title=title, status=status, **fields)
    for order, speaker in enumerate(speakers, start=1):
        who, announced_as = speaker if isinstance(speaker, tuple) else (speaker, "")
        Appearance.objects.create(episode=made, person=who, order=order, announced_as=announced_as)
    return made
