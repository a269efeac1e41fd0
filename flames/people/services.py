"""Writes to people and organizations: creating, merging duplicates, keeping namesakes
apart."""

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from flames import changes
from flames.people.models import (
    Consent,
    DistinctPeople,
    Organization,
    OrganizationName,
    OrganizationRedirect,
    Person,
    PersonName,
    PersonRedirect,
    Position,
    Showing,
    Withdrawal,
)
from flames.people.names import Match, compare_organizations
from flames.people.protection import protection_comment, withdrawn
from flames.people.selectors import match_organizations
from flames.people.signals import organization_merged, person_merged
from flames.values.slugs import unique_slug


def create_person(
    *,
    name: str,
    needs_review: bool = False,
    shown_as: str = Showing.FULL_NAME,
    shown_name: str = "",
    shown_name_uk: str = "",
) -> Person:
    return Person.objects.create(
        name=name,
        slug=unique_slug(Person, name),
        needs_review=needs_review,
        shown_as=shown_as,
        shown_name=shown_name,
        shown_name_uk=shown_name_uk,
    )


def add_spelling(*, person: Person, name: str) -> bool:
    """Record ``name`` as a spelling of ``person``; True if it was new."""
    return PersonName.objects.get_or_create(person=person, name=name)[1]


def organization_named(name: str) -> Organization | None:
    """The organization ``name`` surely means (by any of its names), or a new one, flagged
    for review when it resembles one on record. None for a name without letters."""
    return organizations_named([name])[name]


def organizations_named(names) -> dict[str, Organization | None]:
    """``organization_named`` for many names, with one query to match them all.

    A name that matched by abbreviation, typo or another form ("UCMC", "Euro-Atlantic") is
    recorded among the organization's names, so the next lookup finds it by key. Names
    that create organizations are also matched with each other, in order: an announcement
    that names "Ukraine Crisis Media Center" and "UCMC" makes one organization.
    """
    names = list(dict.fromkeys(names))
    matches = match_organizations(names)
    found: dict[str, Organization | None] = {}
    created: list[Organization] = []
    for name in names:
        match = matches[name]
        if match.organization is not None:
            if not match.name_known:
                add_organization_name(organization=match.organization, name=name)
            found[name] = match.organization
            continue
        verdicts = [(other, compare_organizations(name, other.name)) for other in created]
        same = next((other for other, verdict in verdicts if verdict is Match.SAME), None)
        if same is not None:
            add_organization_name(organization=same, name=name)
        elif any(map(str.isalpha, name)):
            # (A legal form alone, "NGO", has no key to match: only the same name is it.)
            same = Organization.objects.filter(name=name).first()
            if same is None:
                similar = match.similar or any(v is Match.DOUBTFUL for _, v in verdicts)
                same = _create_organization(name, needs_review=bool(similar))
                created.append(same)
        found[name] = same
    return found


def _create_organization(name: str, *, needs_review: bool) -> Organization:
    return Organization.objects.create(
        name=name, slug=unique_slug(Organization, name), needs_review=needs_review
    )


def add_organization_name(*, organization: Organization, name: str) -> bool:
    """Record ``name`` (an abbreviation, a translation, another spelling) as one of the
    organization's names; True if it was new."""
    return OrganizationName.objects.get_or_create(organization=organization, name=name)[1]


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
        identity = tuple(getattr(position, field) for field in fields)
        if identity not in known:
            new.append(position)
            known.add(identity)
    Position.objects.bulk_create(new)
    if new:
        # A bulk insert sends no post_save.
        changes.announce(Position, {position.person_id for position in new})
    return len(new)


@transaction.atomic
def merge_people(*, survivor: Person, duplicate: Person) -> Person:
    """Fold ``duplicate`` into ``survivor``, keeping every appearance, position and spelling.

    The duplicate's address redirects to the survivor afterwards. The apps that point at
    people (appearances, transcript cues) move their rows on ``person_merged``.
    """
    if survivor.pk == duplicate.pk:
        raise ValueError("cannot merge a person into themselves")
    person_merged.send(sender=Person, survivor=survivor, duplicate=duplicate)
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
    moved = PersonRedirect.objects.filter(person=duplicate)
    changes.announce(PersonRedirect, moved.values_list("pk", flat=True))
    moved.update(person=survivor)
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
    changes.announce(Person, [first.pk, second.pk])


@transaction.atomic
def merge_organizations(*, survivor: Organization, duplicate: Organization) -> Organization:
    """Fold ``duplicate`` into ``survivor``: its positions, partnerships, calls to action
    and names move over, and its address redirects to the survivor's. The apps that point
    at organizations (partnerships, calls to action) move their rows on
    ``organization_merged``."""
    if survivor.pk == duplicate.pk:
        raise ValueError("cannot merge an organization into itself")
    fields = ("person_id", "title", "start_year", "end_year")
    held = set(Position.objects.filter(organization=survivor).values_list(*fields))
    for position in Position.objects.filter(organization=duplicate):
        if tuple(getattr(position, field) for field in fields) in held:
            position.delete()
        else:
            position.organization = survivor
            position.save(update_fields=["organization"])
    organization_merged.send(sender=Organization, survivor=survivor, duplicate=duplicate)
    for other in duplicate.names.all():
        add_organization_name(organization=survivor, name=other.name)
    moved = OrganizationRedirect.objects.filter(organization=duplicate)
    changes.announce(OrganizationRedirect, moved.values_list("pk", flat=True))
    moved.update(organization=survivor)
    OrganizationRedirect.objects.create(old_slug=duplicate.slug, organization=survivor)
    survivor.website = survivor.website or duplicate.website
    if survivor.kind == Organization.Kind.OTHER:
        survivor.kind = duplicate.kind
    survivor.needs_review = False
    survivor.save()
    duplicate.delete()
    return survivor


def record_consent(
    *, person: Person, portrait: Consent, directory: Consent, by: AbstractBaseUser
) -> None:
    """Record the person's consent to their portrait and to the directory as stated now
    by ``by``: the person's record says when and by whom."""
    person.portrait_consent = portrait
    person.directory_consent = directory
    person.consent_recorded_at = timezone.now()
    person.consent_recorded_by = by
    person.save(
        update_fields=[
            "portrait_consent",
            "directory_consent",
            "consent_recorded_at",
            "consent_recorded_by",
        ]
    )


@transaction.atomic
def withdraw_people(*, people: list[Person], reason: Withdrawal) -> int:
    """Take ``people`` off every page, feed, search and export for ``reason``; those
    already withdrawn keep the day they were, with the new reason. Returns how many."""
    now = timezone.now()
    for person in people:
        person.withdrawn_at = person.withdrawn_at or now
        person.withdrawal_reason = reason
        person.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    if people and reversion.is_active():
        reversion.set_comment(protection_comment([withdrawn(reason)]))
    return len(people)
