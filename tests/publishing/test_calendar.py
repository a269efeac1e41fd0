"""The iCalendar feed and single events, round-tripped through the icalendar package."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from flames.episodes.models import Episode
from flames.publishing.identity import episode_uuid
from flames.publishing.selectors import CALENDAR_LIMIT
from tests import factories
from tests.factories import make_episode
from tests.publishing.helpers import form_data, get_with_queries

pytestmark = pytest.mark.django_db

URL = "/en/feeds/calendar.ics"
KYIV = ZoneInfo("Europe/Kyiv")
# Summer next year: far enough ahead to be upcoming whenever the tests run.
NEXT_YEAR = date.today().year + 1
LIVE = datetime(NEXT_YEAR, 7, 9, 19, 0, tzinfo=KYIV)


def days_ago(days: int) -> datetime:
    return datetime.combine(date.today() - timedelta(days=days), time(19), tzinfo=KYIV)


def read(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(client, url=URL) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in read(client.get(url)).walk("VEVENT")}


@pytest.fixture
def upcoming(series):
    chaly = factories.person("Valeriy Chaly", slug="valeriy-chaly")
    return make_episode(
        series,
        20,
        title="Live: the summit",
        status=Episode.Status.SCHEDULED,
        air_time=LIVE,
        speakers=[(chaly, "Ambassador")],
    )


def test_calendar_round_trips_with_kyiv_times_and_timezone(client, upcoming):
    calendar = read(client.get(URL))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Ukraine in Flames"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Kyiv"
    assert {sub.name for sub in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert (start, start.tzinfo) == (LIVE, KYIV)
    assert event.decoded("DTEND") == LIVE.replace(hour=20, minute=5, second=30)
    assert str(event["SUMMARY"]) == "#20 Live: the summit"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == "http://testserver/en/episodes/episode-20/"
    assert str(event["DESCRIPTION"]) == (
        "What panel 20 talked about.\n\nSpeakers:\n- Valeriy Chaly, Ambassador\n\n"
        "http://testserver/en/episodes/episode-20/"
    )


def test_calendar_uid_stable_across_requests_languages_and_slug_edits(client, upcoming):
    first = events(client)["#20 Live: the summit"]["UID"]
    upcoming.slug = "renamed"
    upcoming.save()

    assert events(client)["#20 Live: the summit"]["UID"] == first
    assert events(client, "/uk/feeds/calendar.ics")["#20 Live: the summit"]["UID"] == first
    assert first == f"{episode_uuid(upcoming)}@flames"


def test_calendar_sequence_increases_when_editor_moves_episode(admin_client, upcoming):
    assert events(admin_client)["#20 Live: the summit"]["SEQUENCE"] == 0
    change = reverse("admin:episodes_episode_change", args=[upcoming.pk])
    data = form_data(admin_client.get(change), "episode_form")
    assert data["air_time_0"] == [f"{NEXT_YEAR}-07-09"]
    data["air_time_1"] = ["20:30:00"]

    response = admin_client.post(change, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = events(admin_client)["#20 Live: the summit"]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == LIVE.replace(hour=20, minute=30)


def test_calendar_sequence_unchanged_by_edits_that_do_not_move_episode(client, upcoming):
    upcoming.summary = "Better words."
    upcoming.save()
    upcoming.status = Episode.Status.PUBLISHED
    upcoming.save()

    assert events(client)["#20 Live: the summit"]["SEQUENCE"] == 0


def test_calendar_sequence_counts_each_change_of_time_duration_and_cancellation(client, upcoming):
    upcoming.air_time += timedelta(days=1)
    upcoming.save()
    upcoming.duration = timedelta(minutes=90)
    upcoming.save()
    upcoming.status = Episode.Status.CANCELLED
    upcoming.save()

    assert events(client)["#20 Live: the summit"]["SEQUENCE"] == 3


def test_calendar_cancelled_episode_sent_as_cancelled(client, upcoming):
    upcoming.status = Episode.Status.CANCELLED
    upcoming.save()

    event = events(client)["#20 Live: the summit"]

    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_calendar_keeps_recent_episodes_and_leaves_out_old_ones_and_drafts(
    client, series, upcoming
):
    make_episode(series, 5, title="Aired", air_time=days_ago(60))
    make_episode(series, 4, title="Long ago", air_time=days_ago(61))
    make_episode(series, 6, title="Draft", status=Episode.Status.DRAFT, air_time=days_ago(1))
    make_episode(series, 7, title="Unscheduled", status=Episode.Status.SCHEDULED, air_time=None)
    make_episode(
        series, 8, title="Called off", status=Episode.Status.CANCELLED, air_time=days_ago(2)
    )

    assert list(events(client)) == ["#20 Live: the summit", "#8 Called off", "#5 Aired"]


def test_calendar_caps_events_latest_kept(client, series):
    for n in range(1, CALENDAR_LIMIT + 3):
        make_episode(series, n, air_time=LIVE + timedelta(days=n))

    summaries = list(events(client))

    assert len(summaries) == CALENDAR_LIMIT == 30
    assert (summaries[0], summaries[-1]) == ("#32 Panel 32", "#3 Panel 3")


def test_calendar_unknown_duration_has_no_end(client, series):
    make_episode(series, 1, duration=None, summary="", title="Open-ended", air_time=LIVE)

    event = events(client)["#1 Open-ended"]

    assert "DTEND" not in event
    assert str(event["DESCRIPTION"]) == "http://testserver/en/episodes/episode-1/"


def test_calendar_empty_archive_is_valid(client, series):
    calendar = read(client.get(URL))

    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE") == []


def test_calendar_event_carries_first_paragraph_of_long_summary(client, series):
    long = "A" * 290 + " words beyond the limit.\n\nSecond paragraph."
    make_episode(series, 1, title="Long", summary=long, air_time=LIVE)

    description = str(events(client)["#1 Long"]["DESCRIPTION"])

    assert description == "A" * 290 + " words be…\n\nhttp://testserver/en/episodes/episode-1/"


def test_calendar_covers_winter_and_summer_offsets(client, series):
    make_episode(series, 1, title="Winter", air_time=LIVE.replace(year=NEXT_YEAR + 1, month=1))
    make_episode(series, 2, title="Summer", air_time=LIVE.replace(year=NEXT_YEAR + 1))

    calendar = read(client.get(URL))

    [timezone] = calendar.walk("VTIMEZONE")
    offsets = {sub.decoded("TZOFFSETTO") for sub in timezone.subcomponents}
    assert offsets == {timedelta(hours=2), timedelta(hours=3)}
    starts = {str(e["SUMMARY"]): e.decoded("DTSTART").utcoffset() for e in calendar.walk("VEVENT")}
    assert starts == {"#1 Winter": timedelta(hours=2), "#2 Summer": timedelta(hours=3)}


def test_episode_calendar_is_one_event_to_download(client, upcoming):
    response = client.get("/en/episodes/episode-20/calendar.ics")

    assert response["Content-Disposition"] == 'attachment; filename="episode-20.ics"'
    calendar = read(response)
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["#20 Live: the summit"]
    assert str(calendar["X-WR-CALNAME"]) == "#20 Live: the summit"


def test_episode_calendar_of_draft_is_not_found(client, series):
    make_episode(series, 1, status=Episode.Status.DRAFT)

    assert client.get("/en/episodes/episode-1/calendar.ics").status_code == 404


def test_episode_page_offers_add_to_calendar_when_upcoming(client, upcoming, series):
    make_episode(series, 1)

    upcoming_page = client.get("/en/episodes/episode-20/").content.decode()
    aired_page = client.get("/en/episodes/episode-1/").content.decode()

    assert (
        '<a href="/en/episodes/episode-20/calendar.ics" type="text/calendar" download>'
        "Add to calendar</a>"
    ) in upcoming_page
    assert "Add to calendar" not in aired_page


def test_calendar_queries_do_not_grow_with_archive(client, django_assert_num_queries, series):
    # content version, latest air time, series, episodes, speakers, topics
    expected = 6
    make_episode(series, 1, speakers=[factories.person("Alone")], air_time=LIVE)
    get_with_queries(client, URL, django_assert_num_queries, expected)
    people = [factories.person(f"Speaker {n}") for n in range(20)]
    for n in range(2, 22):
        make_episode(series, n, speakers=people, air_time=LIVE + timedelta(days=n))

    response = get_with_queries(client, URL, django_assert_num_queries, expected)

    assert len(read(response).walk("VEVENT")) == 21
