"""List items name a panel as the episode page does: the names read in the database for
lists are the ones ``appearance.speaker`` decides, whoever protects the speaker."""

import itertools

import pytest
from django.utils import timezone, translation

from flames.episodes.models import Appearance
from flames.episodes.selectors import with_speaker_names
from flames.people.models import Showing
from tests import factories

pytestmark = pytest.mark.django_db

# (how the appearance shows them, its shown name in Ukrainian)
APPEARANCE = [(Showing.FULL_NAME, ""), (Showing.FIRST_NAME, ""), (Showing.PSEUDONYM, "Сокіл")]
PERSON = [(Showing.FULL_NAME, ""), (Showing.DESCRIPTION, ""), (Showing.FIRST_NAME, "Марія")]


def test_list_names_are_the_speakers_names_in_both_languages(db):
    episode = factories.episode("Every way to show a speaker")
    for order, (appearance, person) in enumerate(itertools.product(APPEARANCE, PERSON)):
        who = factories.person(
            f"Real Name{order}",
            shown_as=person[0],
            shown_name="" if person[0] == Showing.FULL_NAME else f"Person{order}",
            shown_name_uk=person[1],
        )
        Appearance.objects.create(
            episode=episode,
            person=who,
            order=order,
            shown_as=appearance[0],
            shown_name="" if appearance[0] == Showing.FULL_NAME else f"Appearance{order}",
            shown_name_uk=appearance[1],
        )
    gone = factories.person("Gone Person", withdrawn_at=timezone.now())
    Appearance.objects.create(episode=episode, person=gone, order=20)
    Appearance.objects.create(
        episode=episode,
        person=factories.person("Gone Appearance"),
        order=21,
        withdrawn_at=timezone.now(),
    )
    panel = list(Appearance.objects.filter(episode=episode).shown().select_related("person"))

    for language in ("en", "uk"):
        with translation.override(language):
            [listed] = with_speaker_names([episode])
            assert listed.speaker_names == [appearance.speaker.name for appearance in panel]
    with translation.override("uk"):
        assert with_speaker_names([episode])[0].speaker_names == [
            "Real Name0",
            "Person1",
            "Марія",
            "Appearance3",
            "Appearance4",
            "Appearance5",
            "Сокіл",
            "Сокіл",
            "Сокіл",
        ]
