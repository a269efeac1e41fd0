"""An episode published with an air time still to come: editors are asked to schedule it,
and readers see it as upcoming until it airs, never as a past episode with a future date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from flames.episodes.models import Episode
from flames.episodes.services import set_status
from tests import factories
from tests.episodes.test_views import text_of

pytestmark = pytest.mark.django_db

TO_COME = (
    "This air time is still to come: schedule the episode now and publish it once it has aired."
)


def in_days(days: int):
    return timezone.now().replace(microsecond=0) + timedelta(days=days)


def test_clean_published_with_air_time_to_come_asks_to_schedule():
    episode = factories.episode("Live", status=Episode.Status.PUBLISHED, air_time=in_days(2))

    with pytest.raises(ValidationError) as error:
        episode.clean()

    assert error.value.message_dict == {"status": [TO_COME]}


@pytest.mark.parametrize(
    ("status", "days"),
    [
        (Episode.Status.SCHEDULED, 2),
        (Episode.Status.PUBLISHED, -2),
        (Episode.Status.PUBLISHED, None),
    ],
)
def test_clean_scheduled_or_aired_or_undated_is_accepted(status, days):
    air_time = None if days is None else in_days(days)
    episode = factories.episode("Live", status=status, air_time=air_time)

    episode.clean()


def admin_form(**fields) -> dict:
    return {
        "series": factories.series().pk,
        "number": "600",
        "title": "Live from Vilnius",
        "slug": "live-from-vilnius",
        "summary": "",
        "language": "en",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_admin_form_publishing_with_air_time_to_come_says_why(admin_client):
    when = timezone.localtime(in_days(3))
    form = admin_form(
        status="published",
        air_time_0=when.date().isoformat(),
        air_time_1=when.time().isoformat(),
    )

    response = admin_client.post(reverse("admin:episodes_episode_add"), form)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"status": [TO_COME]}
    assert not Episode.objects.exists()

    scheduled = {**form, "status": "scheduled"}
    response = admin_client.post(reverse("admin:episodes_episode_add"), scheduled)

    assert response.status_code == 302
    assert Episode.objects.get().status == Episode.Status.SCHEDULED


def test_set_status_does_not_publish_episodes_still_to_air():
    aired = factories.episode("Aired", status=Episode.Status.DRAFT, air_time=in_days(-1))
    live = factories.episode("Live", status=Episode.Status.SCHEDULED, air_time=in_days(1))

    moved = set_status(episodes=Episode.objects.all(), status=Episode.Status.PUBLISHED)

    assert moved == 1
    assert dict(Episode.objects.values_list("pk", "status")) == {
        aired.pk: Episode.Status.PUBLISHED,
        live.pk: Episode.Status.SCHEDULED,
    }


def test_publish_action_skips_episodes_still_to_air_and_says_so(admin_client):
    aired = factories.episode("Aired", status=Episode.Status.DRAFT, air_time=in_days(-1))
    live = factories.episode(
        "Live", number=601, status=Episode.Status.SCHEDULED, air_time=in_days(1)
    )
    later = factories.episode("Later", status=Episode.Status.DRAFT, air_time=in_days(8))

    response = admin_client.post(
        reverse("admin:episodes_episode_changelist"),
        {"action": "publish", "_selected_action": [aired.pk, live.pk, later.pk]},
        follow=True,
    )

    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("success", "1 episode published."),
        (
            "warning",
            "Not published, as their air times are still to come: Later, #601 Live. "
            "Schedule them now and publish them once they have aired.",
        ),
    ]
    assert Episode.objects.filter(status=Episode.Status.PUBLISHED).get() == aired


@pytest.fixture
def published_ahead():
    """An episode published before its air time (by an import, or before the rule)."""
    factories.episode("Aired", slug="aired", number=599, air_time=factories.kyiv(2024, 5, 1))
    return factories.episode(
        "Live from Vilnius",
        slug="live",
        number=600,
        air_time=factories.kyiv(timezone.now().year + 1, 7, 9),
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )


def test_queryset_published_ahead_is_upcoming_not_published(published_ahead):
    assert list(Episode.objects.published().values_list("slug", flat=True)) == ["aired"]
    assert list(Episode.objects.upcoming().values_list("slug", flat=True)) == ["live"]
    assert set(Episode.objects.public().values_list("slug", flat=True)) == {"aired", "live"}
    assert published_ahead.is_upcoming and not published_ahead.has_aired


def test_queryset_published_ahead_is_published_once_aired(published_ahead, monkeypatch):
    later = published_ahead.air_time + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert list(Episode.objects.published().values_list("slug", flat=True)) == ["live", "aired"]
    assert list(Episode.objects.upcoming()) == []
    assert published_ahead.has_aired and not published_ahead.is_upcoming


def test_home_shows_published_ahead_as_next_not_latest(client, published_ahead):
    text = text_of(client.get("/en/"))

    year = published_ahead.air_time.year
    assert f"Next episode #600 9 July {year} Upcoming Live from Vilnius" in text
    assert "Latest episodes #599 1 May 2024 Aired" in text
    assert text.count("Live from Vilnius") == 1


def test_archive_leaves_out_published_ahead_and_its_year(client, published_ahead):
    response = client.get("/en/episodes/")

    text = text_of(response)
    assert "Live from Vilnius" not in text
    assert response.context["years"] == [2024]


def test_episode_page_of_published_ahead_says_upcoming(client, published_ahead):
    html = client.get("/en/episodes/live/").content.decode()

    assert '<span class="badge">Upcoming</span>' in html
    assert "Add to calendar" in html
