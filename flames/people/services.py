"""Writes to people: creating, merging duplicates, keeping namesakes apart."""

from django.db import transaction

from flames.episodes.models import Appearance
from flames.pagecache import content_changed
from flames.people.models import (
    DistinctPeople,
    Organization,
    Person,
    PersonName,
    PersonRedirect,
    Position,
)
from flames.people.names import organization_key
from flames.search import signals as search_index
from flames.slugs import unique_slug


def create_person(*, name: str, needs_review: bool = False) -> Person:
    return Person.objects.create(
        name=name, slug=unique_slug(Person, name), needs_review=needs_review
    )


def add_spelling(*, person: Person, name: str) -> bool:
    """Record ``name`` as a spelling of ``person``; True if it was new."""
    return PersonName.objects.get_or_create(person=person, name=name)[1]


def organization_named(name: str) -> Organization:
    """The organization known by ``name`` (its name or one of its other names), or a new one."""
    key = organization_key(name)
    organization = Organization.objects.filter(key=key).first()
    if organization or not key:
        return organization
    # SQLite compares non-ASCII letters case-sensitively, so search with the name as written.
    for candidate in Organization.objects.filter(other_names__contains=name.split()[-1]):
        if key in (organization_key(other) for other in candidate.other_name_list):
            return candidate
    return Organization.objects.create(name=name, slug=unique_slug(Organization, name))


def organizations_named(names) -> dict[str, Organization]:
    """``organization_named`` for many names, with one query for those known by name."""
    keys = {name: organization_key(name) for name in names}
    known = {
        organization.key: organization
        for organization in Organization.objects.filter(key__in=set(keys.values()))
    }
    return {name: known.get(key) or organization_named(name) for name, key in keys.items()}


def add_position(
    *,
    person: Person,
    title: str,
    organization: Organization | None,
    start_year: int | None,
    end_year: int | None,
) -> bool:
    """Record a position once; True if it was new."""
    position = Position(
        person=person,
        title=title,
        organization=organization,
        start_year=start_year,
        end_year=end_year,
    )
    return add_positions([position]) == 1


def add_positions(positions: list[Position]) -> int:
    """Record each position not recorded yet (same person, title, organization and
    years), with one query for the people's known positions; return how many were new."""
    fields = ("person_id", "title", "organization_id", "start_year", "end_year")
    known = set(
        Position.objects.filter(
            person__in={position.person_id for position in positions}
        ).values_list(*fields)
    )
    new = []
    for position in positions:
        key = tuple(getattr(position, field) for field in fields)
        if key not in known:
            new.append(position)
            known.add(key)
    Position.objects.bulk_create(new)
    if new:
        # A bulk insert sends no post_save: tell the page caches and the search index.
        content_changed()
        search_index.schedule("person", {position.person_id for position in new})
    return len(new)


@transaction.atomic
def merge_people(*, survivor: Person, duplicate: Person) -> Person:
    """Fold ``duplicate`` into ``survivor``, keeping every appearance, position and spelling.

    The duplicate's address redirects to the survivor afterwards.
    """
    if survivor.pk == duplicate.pk:
        raise ValueError("cannot merge a person into themselves")
    survivor_episodes = set(survivor.appearances.values_list("episode_id", flat=True))
    for appearance in Appearance.objects.filter(person=duplicate):
        if appearance.episode_id in survivor_episodes:
            appearance.delete()
        else:
            appearance.person = survivor
            appearance.save(update_fields=["person"])
    for position in Position.objects.filter(person=duplicate):
        add_position(
            person=survivor,
            title=position.title,
            organization=position.organization,
            start_year=position.start_year,
            end_year=position.end_year,
        )
    for spelling in PersonName.objects.filter(person=duplicate):
        add_spelling(person=survivor, name=spelling.name)
    PersonRedirect.objects.filter(person=duplicate).update(person=survivor)
    PersonRedirect.objects.create(old_slug=duplicate.slug, person=survivor)
    if not survivor.bio and duplicate.bio:
        survivor.bio = duplicate.bio
    survivor.needs_review = False
    survivor.save()
    duplicate.delete()
    return survivor


@transaction.atomic
def mark_distinct(*, first: Person, second: Person) -> None:
    """Record that two people are not the same; neither needs review for it any more."""
    if first.pk == second.pk:
        raise ValueError("a person cannot be distinct from themselves")
    low, high = sorted([first, second], key=lambda person: person.pk)
    DistinctPeople.objects.get_or_create(first=low, second=high)
    Person.objects.filter(pk__in=[first.pk, second.pk]).update(needs_review=False)
