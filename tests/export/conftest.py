from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from flames.episodes.models import Appearance, Episode
from flames.people.models import Person

KYIV = ZoneInfo("Europe/Kyiv")
DEMO_SLUG = "121-ukraine-and-nato-partnership-anniversary"
DEMO_TITLE = "Ukraine and NATO partnership anniversary: joint achievements and challenges"
LATER_TITLE = "Security guarantees for Ukraine before NATO membership"
LATER_SLUG = "122-security-guarantees-before-nato-membership"


@pytest.fixture
def archive(demo):
    """The demo episode and a later one sharing Valeriy Chaly, as in the reader journey."""
    Episode.objects.filter(pk=demo.pk).update(air_time=datetime(2022, 9, 30, 18, 0, tzinfo=KYIV))
    later = Episode.objects.create(
        series=demo.series,
        number=122,
        title=LATER_TITLE,
        slug=LATER_SLUG,
        summary="The panel weighs the Kyiv Security Compact and sanctions.",
        status=Episode.Status.PUBLISHED,
        air_time=datetime(2022, 10, 7, 18, 0, tzinfo=KYIV),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    Appearance.objects.create(
        episode=later,
        person=Person.objects.get(slug="valeriy-chaly"),
        order=1,
        announced_as="Chair of the UCMC Board",
    )
    return later
