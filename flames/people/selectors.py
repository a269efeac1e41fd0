"""Reads of people and organizations for pages."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from flames.people.models import (
    DistinctPeople,
    Organization,
    OrganizationName,
    OrganizationRedirect,
    Person,
    PersonName,
    PersonRedirect,
    Position,
    public_people,
)
from flames.people.names import (
    Match,
    compare_names,
    compare_organizations,
    name_key,
    organization_initials,
    organization_key,
    surname_skeleton,
)


def person_for_reader(slug: str) -> Person | None:
    """The person whose page is at ``slug``, or None. A protected person has no page; a
    withdrawn one is found, for the page to say it was taken down."""
    people = Person.objects.with_page().prefetch_related(
        "names",
        Prefetch("positions", queryset=Position.objects.select_related("organization")),
    )
    return people.filter(slug=slug).first()


def organization_for_reader(slug: str) -> Organization | None:
    return Organization.objects.prefetch_related("names").filter(slug=slug).first()


def redirected_organization(slug: str) -> Organization | None:
    """The survivor a merged organization's old address now belongs to."""
    redirect = OrganizationRedirect.objects.select_related("organization").filter(old_slug=slug)
    found = redirect.first()
    return found.organization if found else None


def people_of(organization: Organization) -> list[Person]:
    return list(Person.objects.filter(positions__organization=organization).distinct().directory())


def redirected_person(slug: str) -> Person | None:
    """The survivor a merged person's old address now belongs to, unless protected (as
    ``person_for_reader``)."""
    redirect = PersonRedirect.objects.filter(old_slug=slug)
    return Person.objects.with_page().filter(pk__in=redirect.values("person_id")).first()


@dataclass(frozen=True)
class PersonMatch:
    """How an announced name relates to the directory.

    ``person`` is the confident match, or None when the name needs a new person;
    ``similar`` lists people an editor should compare the new person with.
    """

    name: str
    person: Person | None
    similar: tuple[Person, ...] = ()
    spelling_known: bool = False  # ``name`` is already one of ``person``'s spellings

    @property
    def state(self) -> str:
        if self.person:
            return "matched"
        return "review" if self.similar else "new"


def match_person(name: str) -> PersonMatch:
    return match_people([name])[0]


def match_people(names: list[str]) -> list[PersonMatch]:
    """How each announced name relates to the directory, with one query for all their
    possible spellings (a panel is matched together)."""
    keys = {name: (name_key(name), surname_skeleton(name)) for name in names}
    spellings = list(
        PersonName.objects.filter(
            Q(key__in={key for key, _ in keys.values()})
            | Q(skeleton__in={skeleton for _, skeleton in keys.values()})
        ).select_related("person")
    )
    matches = []
    for name in names:
        key, skeleton = keys[name]
        candidates: dict[int, tuple[Person, list[str]]] = {}
        for spelling in spellings:
            if spelling.key == key or spelling.skeleton == skeleton:
                entry = candidates.setdefault(spelling.person_id, (spelling.person, []))
                entry[1].append(spelling.name)
        matches.append(_match(name, candidates))
    return matches


def _match(name: str, candidates: dict[int, tuple[Person, list[str]]]) -> PersonMatch:
    same, doubtful = [], []
    for person, names in candidates.values():
        verdicts = {compare_names(name, known) for known in names}
        if Match.SAME in verdicts:
            same.append((person, names))
        elif Match.DOUBTFUL in verdicts:
            doubtful.append(person)
    if len(same) == 1:
        person, names = same[0]
        return PersonMatch(name, person, spelling_known=name in names)
    if same:
        people = sorted((person for person, _ in same), key=lambda person: person.pk)
        if not _any_marked_distinct(people):
            # Duplicates waiting for a merge: keep adding to the oldest, not a third copy.
            return PersonMatch(name, people[0])
        # Namesakes an editor kept apart: only the exact spelling decides.
        exact = [person for person, names in same if name in names]
        if len(exact) == 1:
            return PersonMatch(name, exact[0], spelling_known=True)
        return PersonMatch(name, None, tuple(people))
    return PersonMatch(name, None, tuple(doubtful))


def _any_marked_distinct(people: list[Person]) -> bool:
    ids = [person.pk for person in people]
    return DistinctPeople.objects.filter(first__in=ids, second__in=ids).exists()


def directory_listing() -> list[dict]:
    """Everyone in the directory with spellings and appearance counts, for the CLI."""
    people = (
        Person.objects.annotate(appearance_total=Count("appearances", distinct=True))
        .prefetch_related("names")
        .directory()
    )
    return [
        {
            "name": person.name,
            "slug": person.slug,
            "other_spellings": person.other_spellings,
            "appearances": person.appearance_total,
            "needs_review": person.needs_review,
        }
        for person in people
    ]


@dataclass(frozen=True)
class OrganizationMatch:
    """How a name relates to the organizations on record.

    ``organization`` is the one this name surely means, or None; ``similar`` lists those it
    may mean, for an editor to compare; ``name_known`` says the name (up to quotes, case and
    word order) is already one of the organization's names.
    """

    name: str
    organization: Organization | None
    similar: tuple[Organization, ...] = ()
    name_known: bool = False


def match_organizations(names) -> dict[str, OrganizationMatch]:
    """How each name relates to the organizations on record, with one query for all: the
    names with the same key or the same initials are the only candidates."""
    probes = {name: (organization_key(name), organization_initials(name)) for name in names}
    keys = {key for key, _ in probes.values() if key}
    initials = {value for _, pair in probes.values() for value in pair if value}
    known = list(
        OrganizationName.objects.filter(
            Q(key__in=keys) | Q(initials__in=initials) | Q(initials_joined__in=initials)
        ).select_related("organization")
    )
    return {name: _organization_match(name, *probes[name], known) for name in probes}


def _organization_match(name, key, initials, known) -> OrganizationMatch:
    if not key:
        return OrganizationMatch(name, None)
    wanted = {value for value in initials if value}
    verdicts: dict[int, tuple[Organization, Match, bool]] = {}
    for other in known:
        if other.key != key and not wanted & {other.initials, other.initials_joined}:
            continue
        exact = other.key == key
        verdict = Match.SAME if exact else compare_organizations(name, other.name)
        best = verdicts.get(other.organization_id)
        if best is None or _rank(verdict, exact) > _rank(best[1], best[2]):
            verdicts[other.organization_id] = (other.organization, verdict, exact)
    same = sorted(
        (entry for entry in verdicts.values() if entry[1] is Match.SAME),
        # The one known by this very name first; then the oldest, where duplicates wait
        # for a merge.
        key=lambda entry: (not entry[2], entry[0].pk),
    )
    if same:
        organization, _, exact = same[0]
        return OrganizationMatch(name, organization, name_known=exact)
    similar = sorted(
        (entry[0] for entry in verdicts.values() if entry[1] is Match.DOUBTFUL),
        key=lambda organization: organization.pk,
    )
    return OrganizationMatch(name, None, tuple(similar))


def _rank(verdict: Match, exact: bool) -> tuple[int, bool]:
    return ({Match.SAME: 2, Match.DOUBTFUL: 1}.get(verdict, 0), exact)


def protected_people() -> list[Person]:
    """People not shown by their full name, or withdrawn: the editors' review."""
    people = Person.objects.exclude(public_people()).select_related("consent_recorded_by")
    return list(people.order_by("sort_name", "name"))
