"""The people back office: what an editor types is what the import matches against."""

import pytest
from django.urls import reverse

from flames.people import services
from flames.people.models import Organization, Person, PersonName
from flames.people.selectors import match_organizations, match_people

pytestmark = pytest.mark.django_db


def _inline(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{field}": value for field, value in row.items()})
    return data


def _person_form(name: str, slug: str, *, spellings=()) -> dict:
    rows = [{"name": spelling, "id": "", "person": ""} for spelling in spellings]
    return {
        "name": name,
        "slug": slug,
        "sort_name": "",
        "bio": "",
        **_inline("names", rows),
        **_inline("positions", []),
    }


def test_person_added_without_spellings_is_matched_by_import(admin_client):
    response = admin_client.post(
        reverse("admin:people_person_add"), _person_form("Valeriy Chaly", "valeriy-chaly")
    )

    assert response.status_code == 302
    [match] = match_people(["Valeriy Chaly"])
    assert match.state == "matched"
    assert match.person == Person.objects.get(slug="valeriy-chaly")
    assert match.spelling_known


TYPED = ["Valeriy Chaly", "Валерій Чалий"]


def test_person_added_with_own_name_typed_as_spelling_saves_once(admin_client):
    response = admin_client.post(
        reverse("admin:people_person_add"),
        _person_form("Valeriy Chaly", "valeriy-chaly", spellings=TYPED),
    )

    assert response.status_code == 302
    assert sorted(PersonName.objects.values_list("name", flat=True)) == [
        "Valeriy Chaly",
        "Валерій Чалий",
    ]


def test_person_renamed_in_admin_keeps_both_spellings(admin_client):
    admin_client.post(
        reverse("admin:people_person_add"), _person_form("Valeriy Chaly", "valeriy-chaly")
    )
    person = Person.objects.get()

    response = admin_client.post(
        reverse("admin:people_person_change", args=[person.pk]),
        _person_form("Valerii Chalyi", "valeriy-chaly"),
    )

    assert response.status_code == 302
    assert sorted(person.names.values_list("name", flat=True)) == [
        "Valerii Chalyi",
        "Valeriy Chaly",
    ]
    assert match_people(["Валерій Чалий"])[0].person == person


def test_person_change_form_lists_other_spellings_only(admin_client):
    admin_client.post(
        reverse("admin:people_person_add"),
        _person_form("Valeriy Chaly", "valeriy-chaly", spellings=["Валерій Чалий"]),
    )
    person = Person.objects.get()

    response = admin_client.get(reverse("admin:people_person_change", args=[person.pk]))

    [spellings] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is PersonName
    ]
    assert [form.instance.name for form in spellings.initial_forms] == ["Валерій Чалий"]


def test_person_created_in_code_has_own_spelling():
    person = Person.objects.create(name="Pavlo Klimkin", slug="pavlo-klimkin")
    person.name = "Pavlo Klimkin"
    person.save()

    assert list(person.names.values_list("name", flat=True)) == ["Pavlo Klimkin"]


def test_person_renamed_to_other_spelling_keeps_one_row_each(admin_client):
    admin_client.post(
        reverse("admin:people_person_add"),
        _person_form("Valeriy Chaly", "valeriy-chaly", spellings=["Валерій Чалий"]),
    )
    person = Person.objects.get()
    ukrainian = person.names.get(name="Валерій Чалий")
    form = _person_form("Валерій Чалий", "valeriy-chaly")
    row = {"id": ukrainian.pk, "person": person.pk, "name": ukrainian.name}
    form.update(_inline("names", [row], initial=1))

    response = admin_client.post(reverse("admin:people_person_change", args=[person.pk]), form)

    assert response.status_code == 302
    assert sorted(person.names.values_list("name", flat=True)) == ["Valeriy Chaly", "Валерій Чалий"]


def _organization_form(name: str, slug: str, *, names=()) -> dict:
    rows = [{"name": other, "id": "", "organization": ""} for other in names]
    return {"name": name, "slug": slug, "kind": "ngo", "website": "", **_inline("names", rows)}


def test_organization_added_with_names_is_found_by_them(admin_client):
    response = admin_client.post(
        reverse("admin:people_organization_add"),
        _organization_form(
            "Ukraine Crisis Media Center", "ucmc", names=["Український кризовий медіа-центр"]
        ),
    )

    assert response.status_code == 302
    ucmc = Organization.objects.get()
    assert list(ucmc.names.values_list("name", flat=True)) == [
        "Ukraine Crisis Media Center",
        "Український кризовий медіа-центр",
    ]
    assert (
        match_organizations(["Українського кризового медіа-центру"])[
            "Українського кризового медіа-центру"
        ].organization
        == ucmc
    )


def test_organization_search_finds_other_names(admin_client):
    ucmc = services.organization_named("Ukraine Crisis Media Center")
    services.add_organization_name(organization=ucmc, name="Український кризовий медіа-центр")

    response = admin_client.get(reverse("admin:people_organization_changelist"), {"q": "кризовий"})

    assert [o.name for o in response.context["cl"].result_list] == ["Ukraine Crisis Media Center"]


def test_organization_review_list_shows_flagged_ones(admin_client):
    services.organization_named("Ukrainian Catholic University")
    services.organization_named("UCU")

    response = admin_client.get(
        reverse("admin:people_organization_changelist"), {"needs_review__exact": "1"}
    )

    assert [o.name for o in response.context["cl"].result_list] == ["UCU"]


def test_organization_merge_action_asks_which_to_keep_then_merges(admin_client):
    keep = services.organization_named("Ukrainian Catholic University")
    drop = services.organization_named("UCU")
    changelist = reverse("admin:people_organization_changelist")
    selection = {"action": "merge", "_selected_action": [keep.pk, drop.pk]}

    confirm = admin_client.post(changelist, selection)
    done = admin_client.post(changelist, {**selection, "survivor": str(keep.pk)}, follow=True)

    assert "Every position, partnership, call to action and name moves" in confirm.content.decode()
    assert [str(m) for m in done.context["messages"]] == [
        "Merged 1 organizations into Ukrainian Catholic University."
    ]
    assert list(Organization.objects.values_list("name", "needs_review")) == [
        ("Ukrainian Catholic University", False)
    ]
    assert list(keep.names.values_list("name", flat=True)) == [
        "Ukrainian Catholic University",
        "UCU",
    ]


def test_organization_merge_action_needs_two(admin_client):
    ucu = services.organization_named("Ukrainian Catholic University")

    response = admin_client.post(
        reverse("admin:people_organization_changelist"),
        {"action": "merge", "_selected_action": [ucu.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Select at least two organizations to merge."
    ]


@pytest.mark.parametrize("survivor", ["not-a-number", "999999", ""])
def test_person_merge_with_a_bad_survivor_asks_again(admin_client, survivor):
    chaly = Person.objects.create(name="Valeriy Chaly", slug="valeriy-chaly")
    chalyi = Person.objects.create(name="Valerii Chalyi", slug="valerii-chalyi")
    selection = {"action": "merge", "_selected_action": [chaly.pk, chalyi.pk]}

    response = admin_client.post(
        reverse("admin:people_person_changelist"), {**selection, "survivor": survivor}
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Choose which of the selected people to keep."
    ]
    assert "Every appearance, position and spelling moves" in response.content.decode()
    assert Person.objects.count() == 2


def test_organization_merge_with_a_bad_survivor_asks_again(admin_client):
    keep = services.organization_named("Ukrainian Catholic University")
    drop = services.organization_named("UCU")
    selection = {"action": "merge", "_selected_action": [keep.pk, drop.pk]}

    response = admin_client.post(
        reverse("admin:people_organization_changelist"), {**selection, "survivor": "x"}
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Choose which of the selected organizations to keep."
    ]
    assert Organization.objects.count() == 2


@pytest.mark.parametrize("model", ["person", "organization"])
def test_merge_with_a_bad_selected_id_is_refused_without_error(admin_client, model):
    response = admin_client.post(
        reverse(f"admin:people_{model}_changelist"),
        {"action": "merge", "_selected_action": ["1", "not-a-number"], "survivor": "1"},
        follow=True,
    )

    assert response.status_code == 400
