"""Reads of people and organizations for pages."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from flames.episodes.models import Appearance, Episode
from flames.episodes.selectors import EPISODES_PER_PAGE, with_speakers
from flames.people.models import Organization, Person, Position

_PUBLIC_APPEARANCE = Q(
    appearances__episode__status__in=[Episode.Status.PUBLISHED, Episode.Status.SCHEDULED]
)


def directory_letters() -> list[str]:
    """Initials of people who appear in at least one public episode, in order."""
    letters = (
        Person.objects.filter(_PUBLIC_APPEARANCE)
        .values_list("initial", flat=True)
        .distinct()
        .order_by("initial")
    )
    return list(letters)


def directory(letter: str) -> list[Person]:
    return list(
        Person.objects.filter(_PUBLIC_APPEARANCE, initial=letter)
        .annotate(appearance_count=Count("appearances", filter=_PUBLIC_APPEARANCE, distinct=True))
        .directory()
    )


def person_for_reader(slug: str) -> Person:
    person = (
        Person.objects.filter(slug=slug)
        .prefetch_related(
            "names",
            Prefetch("positions", queryset=Position.objects.select_related("organization")),
        )
        .first()
    )
    if person is None:
        raise Http404("No such person")
    return person


def appearances_of(person: Person) -> list[Appearance]:
    """Every public episode this person was on, newest first, as announced there."""
    return list(
        Appearance.objects.filter(
            person=person, episode__status__in=[Episode.Status.PUBLISHED, Episode.Status.SCHEDULED]
        )
        .select_related("episode")
        .order_by("-episode__air_time", "-episode__number", "-episode_id")
    )


def organization_for_reader(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404("No such organization")
    return organization


def people_of(organization: Organization) -> list[Person]:
    return list(Person.objects.filter(positions__organization=organization).distinct().directory())


def episodes_with_people_of(organization: Organization, page_number) -> Page:
    episodes = (
        Episode.objects.published()
        .filter(appearances__person__positions__organization=organization)
        .distinct()
        .newest_first()
    )
    return Paginator(with_speakers(episodes), EPISODES_PER_PAGE).get_page(page_number)
