from django.http import Http404
from django.shortcuts import redirect, render

from flames.pagecache import public_page
from flames.people import selectors


@public_page(params=("letter",))
def directory(request):
    letters = selectors.directory_letters()
    letter = request.GET.get("letter", "")
    if letter not in letters:
        letter = letters[0] if letters else ""
    return render(
        request,
        "people/directory.html",
        {"letters": letters, "letter": letter, "people": selectors.directory(letter)},
    )


@public_page(params=("page",))
def person_detail(request, slug):
    try:
        person = selectors.person_for_reader(slug)
    except Http404:
        survivor = selectors.redirected_person(slug)
        if survivor is None:
            raise
        return redirect(survivor, permanent=True)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "page": selectors.appearances_of(person, request.GET.get("page"))},
    )


@public_page(params=("page",))
def organization_detail(request, slug):
    try:
        organization = selectors.organization_for_reader(slug)
    except Http404:
        survivor = selectors.redirected_organization(slug)
        if survivor is None:
            raise
        return redirect(survivor, permanent=True)
    page = selectors.episodes_with_people_of(organization, request.GET.get("page"))
    # The people (often a hundred or more) are on the first page, not on every page.
    people = selectors.people_of(organization) if page.number == 1 else []
    return render(
        request,
        "people/organization_detail.html",
        {"organization": organization, "people": people, "page": page},
    )
