from django.shortcuts import redirect, render

from flames.episodes import selectors as episodes
from flames.people import selectors
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404, gone


@public_page(params=("letter",))
def directory(request):
    letters = episodes.directory_letters()
    letter = request.GET.get("letter", "")
    if letter not in letters:
        letter = letters[0] if letters else ""
    return render(
        request,
        "people/directory.html",
        {"letters": letters, "letter": letter, "people": episodes.directory(letter)},
    )


@public_page(params=("page",))
def person_detail(request, slug):
    person = selectors.person_for_reader(slug) or found_or_404(selectors.redirected_person(slug))
    if person.withdrawn_at is not None:
        # Also at a merged person's old address: a redirect would name them.
        return gone(request, "people/withdrawn.html")
    if person.slug != slug:
        return redirect(person, permanent=True)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "page": episodes.appearances_of(person, request.GET.get("page"))},
    )


@public_page(params=("page",))
def organization_detail(request, slug):
    organization = selectors.organization_for_reader(slug)
    if organization is None:
        return redirect(found_or_404(selectors.redirected_organization(slug)), permanent=True)
    page = episodes.episodes_with_people_of(organization, request.GET.get("page"))
    # The people (often a hundred or more) are on the first page, not on every page.
    people = selectors.people_of(organization) if page.number == 1 else []
    return render(
        request,
        "people/organization_detail.html",
        {"organization": organization, "people": people, "page": page},
    )
