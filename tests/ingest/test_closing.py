"""The closing text in both languages: one record per partner and call to action
(issue 15, findings 5 and 6)."""

import pytest

from flames.episodes.models import Partnership
from flames.ingest.services import import_announcement
from flames.support.models import CallToAction
from tests.samples import SAMPLES, SEED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("order", [("seed", "uk"), ("uk", "seed")])
def test_english_and_ukrainian_announcements_give_one_partner_each(order):
    texts = {"seed": SEED.read_text(), "uk": (SAMPLES / "121-uk.txt").read_text()}
    for name in order:
        import_announcement(text=texts[name], source=f"{name}.txt")

    partners = Partnership.objects.order_by("id").select_related("organization")
    names = {p.organization.name: sorted(p.organization.other_names) for p in partners}
    if order[0] == "seed":
        assert names == {
            "Ukraine Crisis Media Center": ["UCMC", "Український кризовий медіа-центр"],
            "Ukrainian Catholic University’s analitical center": [
                "Аналітичний центр Українського католицького університету"
            ],
            'NGO "Euroatlantic Course"': ['ГО "Євроатлантичний курс"'],
        }
    else:
        assert names == {
            "Український кризовий медіа-центр": ["Ukraine Crisis Media Center"],
            "Аналітичний центр Українського католицького університету": [
                "Ukrainian Catholic University’s analitical center"
            ],
            'ГО "Євроатлантичний курс"': ['NGO "Euroatlantic Course"'],
        }


def test_one_call_to_action_per_kind_with_text_in_both_languages():
    import_announcement(text=SEED.read_text(), source="seed.txt")
    import_announcement(text=(SAMPLES / "121-uk.txt").read_text(), source="121-uk.txt")

    calls = CallToAction.objects.order_by("id").select_related("organization")
    assert [(c.kind, c.organization.name, c.title, c.title_uk) for c in calls] == [
        (
            "recommendations",
            "Ukraine Crisis Media Center",
            "Recommendations on how to support Ukraine",
            "Рекомендації, як підтримати Україну",
        ),
        (
            "donation",
            'NGO "Euroatlantic Course"',
            "Donate to support Ukraine",
            "Пожертвувати на підтримку України",
        ),
    ]
