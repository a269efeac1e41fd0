import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from flames.episodes.models import Episode
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_URL = "/en/episodes/121-ukraine-and-nato-partnership-anniversary/"


def text_of(response) -> str:
    """The page's visible text with tags removed and whitespace collapsed."""
    body = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S).group(1)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip())


def test_home_shows_mission_latest_partners_and_help(client, demo):
    response = client.get("/en/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Ukraine in Flames brings diplomats, officials and experts together" in text
    assert "Latest episodes #121 Ukraine and NATO partnership anniversary" in text
    assert (
        "Partners Ukraine Crisis Media Center Ukrainian Catholic University’s analytical center "
        "NGO “Euroatlantic Course”" in text
    )
    assert "Recommendations on how to support Ukraine" in text
    assert "Next episode" not in text


def test_home_shows_next_scheduled_episode_only(client, demo):
    factories.episode(
        "Sanctions that bite",
        status=Episode.Status.SCHEDULED,
        air_time=factories.kyiv(2030, 1, 5),
        slug="sanctions",
    )
    factories.episode(
        "A later plan",
        status=Episode.Status.SCHEDULED,
        air_time=factories.kyiv(2030, 2, 5),
        slug="later",
    )
    factories.episode("Secret draft", status=Episode.Status.DRAFT, slug="draft")

    text = text_of(client.get("/en/"))

    assert "Next episode 5 January 2030 Upcoming Sanctions that bite" in text
    assert "A later plan" not in text
    assert "Secret draft" not in text


def test_root_redirects_to_language_home(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="uk")

    assert response.status_code == 302
    assert response["Location"] == "/uk/"


def test_episode_page_shows_everything_a_reader_needs(client, demo):
    response = client.get(DEMO_URL)

    text = text_of(response)
    assert "Episode #121" in text
    assert (
        "<h1>Ukraine and NATO partnership anniversary: joint achievements and challenges</h1>"
        in (response.content.decode())
    )
    speakers = re.findall(r'<ol class="speakers">(.*?)</ol>', response.content.decode(), re.S)[0]
    names = re.findall(r'<a href="/en/people/([a-z-]+)/">([^<]+)</a>', speakers)
    assert names == [
        ("emine-dzheppar", "Emine Dzheppar"),
        ("vineta-kleine", "Vineta Kleine"),
        ("baiba-braze", "Baiba Braže"),
        ("karen-mctear", "Karen McTear"),
        ("volodymyr-ogryzko", "Volodymyr Ogryzko"),
        ("ivanna-klympush-tsintsadze", "Ivanna Klympush-Tsintsadze"),
        ("valeriy-chaly", "Valeriy Chaly"),
    ]
    assert "Volodymyr Ogryzko , Minister of Foreign Affairs of Ukraine (2007-2009)" in text
    assert "Topics Diplomacy NATO" in text
    assert "Donate to support the Ukrainian army and civilians" in text
    assert "Run by NGO “Euroatlantic Course”" in text


def test_episode_page_links_no_empty_urls(client, demo):
    html = client.get(DEMO_URL).content.decode()

    assert 'href=""' not in html
    # The stripped announcement links stay stripped: calls to action are plain headings.
    assert "<h3>Recommendations on how to support Ukraine</h3>" in html
    assert "player-link" not in html


def test_episode_page_shows_air_time_in_kyiv(client, db):
    factories.episode("Timed", slug="timed", air_time=factories.kyiv(2024, 3, 7, 18, 30))

    text = text_of(client.get("/en/episodes/timed/"))

    assert "7 March 2024, 18:30 (Kyiv time)" in text


def test_episode_page_video_is_a_facade_link(client, db):
    factories.episode("Video", slug="video", video_url="https://youtu.be/dQw4w9WgXcQ")

    html = client.get("/en/episodes/video/").content.decode()

    assert '<a class="player-link" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "<iframe" not in html
    assert "ytimg" not in html


def test_episode_page_links_previous_and_next_published(client, db):
    first = factories.episode("First", slug="first", air_time=factories.kyiv(2023, 1, 1))
    factories.episode("Hidden", slug="hidden", air_time=factories.kyiv(2023, 1, 2), status="draft")
    second = factories.episode("Second", slug="second", air_time=factories.kyiv(2023, 1, 3))
    third = factories.episode("Third", slug="third", air_time=factories.kyiv(2023, 1, 4))

    html = client.get(second.get_absolute_url()).content.decode()

    assert f'<a rel="prev" href="{first.get_absolute_url()}">' in html
    assert f'<a rel="next" href="{third.get_absolute_url()}">' in html


def test_episode_page_shows_role_as_announced_not_current(client, db):
    chaly = factories.person("Valeriy Chaly")
    factories.position(chaly, "Chair of the Board")
    factories.episode("Old", slug="old", speakers=[(chaly, "Ambassador of Ukraine to the USA")])

    text = text_of(client.get("/en/episodes/old/"))

    assert "Valeriy Chaly , Ambassador of Ukraine to the USA" in text
    assert "Chair of the Board" not in text


@pytest.mark.parametrize("status", [Episode.Status.DRAFT])
def test_unpublished_episode_is_not_found_for_readers(client, db, status):
    factories.episode("Draft", slug="draft", status=status)

    assert client.get("/en/episodes/draft/").status_code == 404


def test_unpublished_episode_can_be_previewed_by_editor(client, admin_user):
    factories.episode("Draft plan", slug="draft", status=Episode.Status.DRAFT)
    client.force_login(admin_user)

    response = client.get("/en/episodes/draft/")

    assert response.status_code == 200
    assert "Preview: this episode is not public (Draft)." in text_of(response)
    assert "public" not in response.get("Cache-Control", "")


def test_scheduled_episode_page_is_public_and_marked_upcoming(client, db):
    factories.episode("Soon", slug="soon", status="scheduled", air_time=factories.kyiv(2030, 1, 1))

    response = client.get("/en/episodes/soon/")

    assert response.status_code == 200
    assert "Upcoming" in text_of(response)


def test_episode_list_is_newest_first_and_published_only(client, db):
    factories.episode("Older", slug="a", air_time=factories.kyiv(2022, 5, 1))
    factories.episode("Newer", slug="b", air_time=factories.kyiv(2023, 5, 1))
    factories.episode("Draft", slug="c", air_time=factories.kyiv(2024, 5, 1), status="draft")
    factories.episode("Soon", slug="d", air_time=factories.kyiv(2031, 5, 1), status="scheduled")

    html = client.get("/en/episodes/").content.decode()

    assert re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html) == ["Newer", "Older"]


def test_list_items_name_each_panel_in_announced_order(client, db):
    nato = factories.topic("NATO", slug="nato")
    embassy = factories.organization("Embassy of Ukraine", slug="embassy")
    chaly, klimkin, zhovkva = (
        factories.person(n) for n in ("Valeriy Chaly", "Pavlo Klimkin", "Ihor Zhovkva")
    )
    factories.position(chaly, "Ambassador", organization=embassy)
    # Created out of order: the announced order, not the order of creation, is shown.
    factories.episode(
        "Alone", slug="alone", speakers=[klimkin], air_time=factories.kyiv(2023, 1, 1)
    )
    factories.episode(
        "Panel",
        slug="panel",
        speakers=[zhovkva, chaly, klimkin],
        air_time=factories.kyiv(2023, 2, 1),
    ).topics.add(nato)
    factories.episode("Nobody", slug="nobody", air_time=factories.kyiv(2023, 3, 1))
    factories.episode(
        "Soon",
        slug="soon",
        status="scheduled",
        speakers=[chaly, zhovkva],
        air_time=factories.kyiv(2031, 1, 1),
    )

    def speaker_lines(path):
        html = client.get(path).content.decode()
        items = re.findall(r'<li class="episode-item">.*?</li>', html, re.S)
        return [
            (
                re.search(r"<a [^>]+>([^<]+)</a>", item)[1],
                (re.findall(r'<p class="speakers">([^<]*)</p>', item) or [None])[0],
            )
            for item in items
        ]

    panel = ("Panel", "Ihor Zhovkva, Valeriy Chaly, Pavlo Klimkin")
    assert speaker_lines("/en/episodes/") == [("Nobody", None), panel, ("Alone", "Pavlo Klimkin")]
    assert speaker_lines("/en/")[0] == ("Soon", "Valeriy Chaly, Ihor Zhovkva")
    assert speaker_lines("/en/")[1:] == speaker_lines("/en/episodes/")
    assert speaker_lines("/en/topics/nato/") == [panel]
    assert speaker_lines("/en/organizations/embassy/") == [panel]


def test_episode_list_filters_by_topic_and_year(client, db):
    nato = factories.topic("NATO", slug="nato")
    tagged_2022 = factories.episode("Tagged 2022", slug="a", air_time=factories.kyiv(2022, 5, 1))
    tagged_2023 = factories.episode("Tagged 2023", slug="b", air_time=factories.kyiv(2023, 5, 1))
    factories.episode("Untagged 2023", slug="c", air_time=factories.kyiv(2023, 6, 1))
    tagged_2022.topics.add(nato)
    tagged_2023.topics.add(nato)

    def titles(query):
        html = client.get(f"/en/episodes/?{query}").content.decode()
        return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)

    assert titles("topic=nato") == ["Tagged 2023", "Tagged 2022"]
    assert titles("year=2023") == ["Untagged 2023", "Tagged 2023"]
    assert titles("topic=nato&year=2022") == ["Tagged 2022"]
    assert titles("year=nonsense") == ["Untagged 2023", "Tagged 2023", "Tagged 2022"]


def test_episode_list_paginates_keeping_filters(client, db):
    nato = factories.topic("NATO", slug="nato")
    for day in range(1, 27):
        factories.episode(
            f"Day {day}", slug=f"d{day}", air_time=factories.kyiv(2023, 1, day)
        ).topics.add(nato)

    first = client.get("/en/episodes/?topic=nato").content.decode()
    second = client.get("/en/episodes/?topic=nato&page=2").content.decode()

    assert '<a rel="next" href="?topic=nato&amp;page=2">' in first
    assert "Page 1 of 2" in first
    assert re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', second) == ["Day 2", "Day 1"]


def test_topic_page_lists_its_episodes_and_people(client, db):
    nato = factories.topic("NATO", slug="nato")
    klimkin = factories.person("Pavlo Klimkin")
    factories.episode("On NATO", slug="on-nato", speakers=[klimkin]).topics.add(nato)
    factories.episode("Elsewhere", slug="elsewhere", speakers=[factories.person("Other")])

    text = text_of(client.get(reverse("episodes:topic", args=["nato"])))

    assert text.startswith("NATO Episodes")
    assert "On NATO" in text
    assert "Elsewhere" not in text
    assert text.endswith("Most frequent speakers Pavlo Klimkin (1)")


def test_topic_page_names_its_most_frequent_speakers_first_and_at_most_24(client, db):
    nato = factories.topic("NATO", slug="nato")
    regular = factories.person("Alina Frolova")
    guests = [factories.person(f"Guest {n:02}") for n in range(30)]
    for n in range(3):
        factories.episode(
            f"Panel {n}", slug=f"panel-{n}", speakers=[regular, *guests[n * 10 : n * 10 + 10]]
        ).topics.add(nato)
    factories.episode("Unpublished", slug="draft", status="draft", speakers=guests[:1]).topics.add(
        nato
    )

    html = client.get("/en/topics/nato/").content.decode()

    listed = re.findall(r'<li><a href="/en/people/[^"]+">([^<]+)</a> \((\d+)\)</li>', html)
    assert listed == [("Alina Frolova", "3")] + [(f"Guest {n:02}", "1") for n in range(23)]


def test_topic_page_counts_speakers_of_the_episodes_it_lists(client, db):
    """A published episode still to air is not in the archive yet: neither in the topic's
    list of episodes nor among its speakers, nor does it put the topic in the filter."""
    nato = factories.topic("NATO", slug="nato")
    later = timezone.now() + timedelta(days=3)
    factories.episode(
        "Ahead", slug="ahead", air_time=later, speakers=[factories.person("Early Bird")]
    ).topics.add(nato)

    text = text_of(client.get("/en/topics/nato/"))

    assert "Ahead" not in text
    assert "Early Bird" not in text
    assert "NATO" not in text_of(client.get("/en/episodes/"))


def test_topic_list_counts_published_episodes(client, db):
    nato = factories.topic("NATO", slug="nato")
    factories.episode("A", slug="a").topics.add(nato)
    factories.episode("B", slug="b", status="draft").topics.add(nato)
    factories.topic("Unused", slug="unused")

    assert text_of(client.get("/en/topics/")) == "Topics NATO (1)"


def test_about_lists_partners_with_periods(client, demo):
    from datetime import date

    from flames.episodes.models import Partnership

    Partnership.objects.filter(organization__slug__startswith="ukrainian-catholic").update(
        ended_on=date(2022, 8, 31)
    )

    text = text_of(client.get("/en/about/"))

    assert "About Ukraine in Flames" in text
    assert "Ukrainian Catholic University’s analytical center (until 08.2022)" in text


def test_unknown_page_uses_site_design(client, db):
    factories.series()

    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert 'class="site-header"' in response.content.decode()


def test_episode_page_in_ukrainian_uses_ukrainian_announcement(client, demo):
    text = text_of(client.get("/uk/episodes/121-ukraine-and-nato-partnership-anniversary/"))

    assert "Партнерство України та НАТО: спільні досягнення та виклики" in text
    assert "Володимир Огризко" not in text  # names stay canonical; roles follow the language
    assert "Volodymyr Ogryzko , міністр закордонних справ України (2007–2009)" in text


def test_list_item_first_line_in_ukrainian(client, db):
    factories.episode(
        "Soon", number=640, slug="soon", status="scheduled", air_time=factories.kyiv(2031, 1, 5)
    )

    html = client.get("/uk/").content.decode()

    meta = re.search(r'<li class="episode-item">\s*<p class="meta">(.*?)</p>', html, re.S)[1]
    assert meta == (
        '<span class="number">№640</span> <time datetime="2031-01-05T19:00:00+02:00">'
        '05 січня 2031 р.</time> <span class="badge">Анонс</span>'
    )
