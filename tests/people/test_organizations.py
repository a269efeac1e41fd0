"""One record per real organization: finding it by any of its names, recording names,
flagging doubtful ones and merging duplicates."""

import pytest

from flames.episodes.models import Partnership
from flames.people import services
from flames.people.models import Organization, OrganizationName, OrganizationRedirect, Position
from flames.people.selectors import match_organizations
from flames.support.models import CallToAction
from tests import factories

pytestmark = pytest.mark.django_db


def names_of(organization) -> list[str]:
    return list(organization.names.values_list("name", flat=True))


def test_organization_own_name_is_always_one_of_its_names():
    ucmc = Organization.objects.create(name="Ukraine Crisis Media Center", slug="ucmc")
    ucmc.name = "Ukraine Crisis Media Centre"
    ucmc.save()

    assert names_of(ucmc) == ["Ukraine Crisis Media Center", "Ukraine Crisis Media Centre"]
    assert ucmc.other_names == ["Ukraine Crisis Media Center"]


@pytest.mark.parametrize(
    "spelling",
    ['NGO "Euroatlantic Course"', "NGO Euro-Atlantic Course", "Euroatlantic Course"],
)
def test_organization_named_finds_samples_spellings(spelling):
    known = services.organization_named("NGO “Euroatlantic Course”")

    assert services.organization_named(spelling) == known
    assert Organization.objects.count() == 1


def test_organization_named_records_an_abbreviation_it_matched():
    ucmc = services.organization_named("Ukraine Crisis Media Center")

    assert services.organization_named("UCMC") == ucmc
    assert names_of(ucmc) == ["Ukraine Crisis Media Center", "UCMC"]
    assert match_organizations(["UCMC"])["UCMC"].name_known


def test_organization_named_keeps_spellings_that_differ_in_quotes_only_out():
    eac = services.organization_named("NGO “Euroatlantic Course”")

    services.organization_named('NGO "Euroatlantic Course"')

    assert names_of(eac) == ["NGO “Euroatlantic Course”"]


def test_organization_named_by_learned_translation_in_any_case():
    ucmc = services.organization_named("Ukraine Crisis Media Center")
    translation = "Український кризовий медіа-центр"
    assert services.add_organization_name(organization=ucmc, name=translation)
    assert not services.add_organization_name(organization=ucmc, name=translation)

    assert services.organization_named("Українського кризового медіа-центру") == ucmc
    assert services.organization_named("УКМЦ") == ucmc
    assert Organization.objects.count() == 1


def test_organization_named_abbreviation_inside_a_longer_name():
    center = services.organization_named("Аналітичний центр Українського католицького університету")

    assert services.organization_named("Аналітичний центр УКУ") == center


def test_organization_named_doubtful_match_creates_one_flagged_for_review():
    ucu = services.organization_named("Ukrainian Catholic University")

    abbreviated = services.organization_named("UCU")

    assert abbreviated != ucu
    assert abbreviated.needs_review
    assert not ucu.needs_review
    assert match_organizations(["UCU"])["UCU"].organization == abbreviated


def test_organization_named_different_ministry_is_new_and_not_flagged():
    defence = services.organization_named("Ministry of Defence of Ukraine")

    foreign = services.organization_named("Ministry of Foreign Affairs of Ukraine")

    assert foreign != defence
    assert not foreign.needs_review


def test_organizations_named_makes_one_organization_of_names_in_one_batch():
    found = services.organizations_named(["Ukraine Crisis Media Center", "UCMC", "UCU"])

    assert found["UCMC"] == found["Ukraine Crisis Media Center"]
    assert names_of(found["UCMC"]) == ["Ukraine Crisis Media Center", "UCMC"]
    assert found["UCU"].needs_review is False  # a Media Center is not a University
    assert Organization.objects.count() == 2


def test_organizations_named_known_names_cost_one_query(django_assert_num_queries):
    names = ["Ukraine Crisis Media Center", "UCMC", "NGO “Euroatlantic Course”", "NaUKMA"]
    services.organizations_named(names)

    with django_assert_num_queries(1):
        found = services.organizations_named(names)

    assert {organization.name for organization in found.values()} == {
        "Ukraine Crisis Media Center",
        "NGO “Euroatlantic Course”",
        "NaUKMA",
    }


def test_organization_named_legal_form_alone_is_an_organization_by_that_name():
    ngo = services.organization_named("NGO")

    assert ngo.name == "NGO"
    assert services.organization_named("NGO") == ngo
    assert services.organization_named("“”") is None


def test_merge_organizations_moves_everything_and_redirects():
    series = factories.series()
    ucmc = factories.organization("Ukraine Crisis Media Center", slug="ucmc")
    ukrainian = factories.organization("Український кризовий медіа-центр", slug="ukmc", kind="ngo")
    chaly = factories.person("Valeriy Chaly")
    factories.position(chaly, "Chair of the Board", organization=ucmc)
    factories.position(chaly, "Chair of the Board", organization=ukrainian)
    factories.position(chaly, "Founder", organization=ukrainian, start_year=2014)
    Partnership.objects.create(series=series, organization=ucmc)
    Partnership.objects.create(series=series, organization=ukrainian)
    CallToAction.objects.create(
        series=series, kind="recommendations", organization=ucmc, title="Recommendations"
    )
    CallToAction.objects.create(
        series=series,
        kind="recommendations",
        organization=ukrainian,
        title="Рекомендації",
        url="https://uacrisis.org/uk/recommendations",
    )
    OrganizationRedirect.objects.create(old_slug="ukmc-old", organization=ukrainian)

    services.merge_organizations(survivor=ucmc, duplicate=ukrainian)

    assert list(Organization.objects.values_list("name", "kind")) == [
        ("Ukraine Crisis Media Center", "ngo")
    ]
    assert sorted(Position.objects.values_list("title", "organization__slug")) == [
        ("Chair of the Board", "ucmc"),
        ("Founder", "ucmc"),
    ]
    assert list(Partnership.objects.values_list("organization__slug", flat=True)) == ["ucmc"]
    assert list(CallToAction.objects.values_list("organization__slug", "title", "url")) == [
        ("ucmc", "Recommendations", "https://uacrisis.org/uk/recommendations")
    ]
    assert names_of(ucmc) == ["Ukraine Crisis Media Center", "Український кризовий медіа-центр"]
    assert sorted(OrganizationRedirect.objects.values_list("old_slug", "organization__slug")) == [
        ("ukmc", "ucmc"),
        ("ukmc-old", "ucmc"),
    ]


def test_merge_organizations_into_itself_is_refused():
    ucmc = factories.organization("Ukraine Crisis Media Center")

    with pytest.raises(ValueError, match="into itself"):
        services.merge_organizations(survivor=ucmc, duplicate=ucmc)


def test_merged_organization_address_redirects_to_survivor(client):
    ucmc = factories.organization("Ukraine Crisis Media Center", slug="ucmc")
    duplicate = factories.organization("UCMC", slug="ucmc-2")
    services.merge_organizations(survivor=ucmc, duplicate=duplicate)

    response = client.get("/en/organizations/ucmc-2/")

    assert response.status_code == 301
    assert response["Location"] == "/en/organizations/ucmc/"
    assert client.get("/en/organizations/nothing/").status_code == 404


def test_organization_page_shows_other_names(client):
    ucmc = factories.organization("Ukraine Crisis Media Center", slug="ucmc")
    services.add_organization_name(organization=ucmc, name="UCMC")
    services.add_organization_name(organization=ucmc, name="Український кризовий медіа-центр")

    page = client.get("/en/organizations/ucmc/").content.decode()

    assert "Also known as: UCMC, Український кризовий медіа-центр</p>" in page


def test_organization_names_are_indexed_for_candidates():
    ucmc = factories.organization("Український кризовий медіа-центр")

    assert list(OrganizationName.objects.values_list("key", "initials", "initials_joined")) == [
        ("krisov mediasentr ukrainsk", "укмц", "укм")
    ]
    assert ucmc.key == "krisov mediasentr ukrainsk"
