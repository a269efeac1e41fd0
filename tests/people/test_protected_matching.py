"""A protected person is never matched to an announced name, nor offered to an editor as
a possible duplicate: the import makes a new person instead."""

import pytest
from django.utils import timezone

from flames.people.models import Showing
from flames.people.selectors import PersonMatch, match_people
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_protected_person_is_neither_matched_nor_proposed_a_withdrawn_one_is(db):
    factories.person("Zoreslava Khmarynska", shown_as=Showing.FIRST_NAME, shown_name="Zoreslava")
    factories.person("Andrii", shown_as=Showing.PSEUDONYM, shown_name="Andrii")
    # Matched still, so that what the import adds to them stays withdrawn with them.
    withdrawn = factories.person("Bohdanna Yasnohorska", withdrawn_at=timezone.now())

    matches = match_people(
        ["Zoreslava Khmarynska", "Зореслава Хмаринська", "Andrii", "Bohdanna Yasnohorska"]
    )

    assert matches == [
        PersonMatch("Zoreslava Khmarynska", None),
        PersonMatch("Зореслава Хмаринська", None),
        PersonMatch("Andrii", None),
        PersonMatch("Bohdanna Yasnohorska", withdrawn, spelling_known=True),
    ]
