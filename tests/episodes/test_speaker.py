"""``appearance.speaker``: the one description of a speaker every output reads."""

import pytest
from django.utils import translation

from flames.people.models import Consent, Showing
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def appearance():
    person = factories.person("Olena Hrytsenko", slug="olena-hrytsenko")
    episode = factories.episode(speakers=[(person, "Head of the Kherson Civic Hub")])
    found = episode.appearances.get()
    found.announced_title, found.announced_title_uk = "Head", "Голова"
    found.save()
    return found


def _seen(appearance):
    speaker = appearance.speaker
    return speaker.name, speaker.role, speaker.url, speaker.portrait


def test_a_public_speaker_is_named_linked_and_pictured(appearance):
    assert _seen(appearance) == (
        "Olena Hrytsenko",
        "Head of the Kherson Civic Hub",
        "/en/people/olena-hrytsenko/",
        True,
    )


def test_the_appearances_protection_holds_over_the_persons(appearance):
    appearance.shown_as, appearance.shown_name = Showing.PSEUDONYM, "“Kalyna”"
    appearance.shown_name_uk = "«Калина»"
    appearance.show_organization = False

    assert _seen(appearance) == ("“Kalyna”", "Head", None, False)
    with translation.override("uk"):
        assert _seen(appearance)[:2] == ("«Калина»", "Голова")


def test_a_protected_person_is_protected_in_every_appearance(appearance):
    person = appearance.person
    person.shown_as, person.shown_name = Showing.DESCRIPTION, "a resident of occupied Kherson"
    person.show_organization = False

    assert _seen(appearance) == ("a resident of occupied Kherson", "Head", None, False)


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        ("appearance", "show_portrait", False),
        ("person", "show_portrait", False),
        ("person", "portrait_consent", Consent.REFUSED),
    ],
)
def test_the_portrait_needs_both_choices_and_no_refusal(appearance, where, field, value):
    setattr(appearance if where == "appearance" else appearance.person, field, value)

    assert _seen(appearance) == (
        "Olena Hrytsenko",
        "Head of the Kherson Civic Hub",
        "/en/people/olena-hrytsenko/",
        False,
    )
