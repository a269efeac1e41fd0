"""Protected and withdrawn speakers in feeds, the podcast, calendars, embeds, link
previews, structured data and sitemaps: a protected speaker by the name shown alone, with
no link, no organization the editor hid; a withdrawn one nowhere."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.template import Context, Template
from django.utils import timezone

from flames.episodes.models import Appearance, Episode
from flames.people.models import Person, PersonName, Showing, Withdrawal
from tests import factories
from tests.factories import make_episode
from tests.publishing.helpers import NS, SCHEMA, json_ld, parse_feed, parse_xml, types, value

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
# Of the protected and withdrawn speakers, what no output may hold (compared in lower
# case: addresses hold the names in their slugs), in both scripts.
NEVER = [
    "khmarynska",
    "хмаринська",
    "radiozavod",
    "радіозавод",
    "kakhovka",
    "каховка",
    "myroslava",
    "мирослава",
    "terekhivska",
    "теріхівська",
    "prystan",
    "пристань",
    "ostap",
    "остап",
    "vyshnevetskyi",
    "вишневецький",
    "pivdennyi",
    "південний",
]


def appear(episode, person, order, **fields):
    return Appearance.objects.create(episode=episode, person=person, order=order, **fields)


@pytest.fixture
def protected(panel):
    """Episode #7 (the ``panel``) with, after its three public speakers, a guest shown by
    her first name without her organization, a person protected everywhere (shown by a
    description, no organization) and a withdrawn person."""
    zoreslava = factories.person("Zoreslava Khmarynska", slug="zoreslava-khmarynska")
    PersonName.objects.create(person=zoreslava, name="Зореслава Хмаринська")
    appear(
        panel,
        zoreslava,
        4,
        announced_as="Engineer, Radiozavod Nova Kakhovka",
        announced_as_uk="Інженерка, Радіозавод Нова Каховка",
        announced_title="Engineer",
        announced_title_uk="Інженерка",
        shown_as=Showing.FIRST_NAME,
        shown_name="Zoreslava",
        shown_name_uk="Зореслава",
        show_organization=False,
        show_portrait=False,
    )
    ostap = factories.person(
        "Ostap Vyshnevetskyi",
        slug="ostap-vyshnevetskyi",
        withdrawn_at=timezone.now(),
        withdrawal_reason=Withdrawal.AT_RISK,
    )
    appear(panel, ostap, 5, announced_as="Adviser, Hromada Pivdennyi Buh")
    myroslava = factories.person(
        "Myroslava Terekhivska",
        slug="myroslava-terekhivska",
        shown_as=Showing.DESCRIPTION,
        shown_name="A resident of occupied Kherson",
        shown_name_uk="Мешканка окупованого Херсона",
        show_organization=False,
    )
    appear(
        panel,
        myroslava,
        6,
        announced_as="Teacher, Hola Prystan Lyceum",
        announced_title="Teacher",
        announced_title_uk="Вчителька",
    )
    return panel


def assert_names_no_one(body: bytes, where: str = ""):
    # Calendars fold long lines: a name may be cut by a line break and a space.
    text = body.decode().replace("\r\n ", "").lower()
    assert [word for word in NEVER if word in text] == [], where


PUBLIC_PANEL_EN = (
    "<li>Olena Host, Journalist</li>"
    "<li>Valeriy Chaly, Ambassador of Ukraine to the USA (2015-2019)</li>"
    "<li>Baiba Braže, Assistant Secretary General</li>"
)


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feeds_show_protected_speakers_as_shown_and_leave_the_withdrawn_out(
    client, protected, suffix
):
    english = client.get(f"/en/feeds/episodes.{suffix}")
    ukrainian = client.get(f"/uk/feeds/episodes.{suffix}")

    assert parse_feed(english).entries[0].summary == (
        "<p>What panel 7 talked about.</p><p>Speakers:</p><ul>"
        + PUBLIC_PANEL_EN
        + "<li>Zoreslava, Engineer</li><li>A resident of occupied Kherson, Teacher</li></ul>"
    )
    assert (
        parse_feed(ukrainian)
        .entries[0]
        .summary.endswith(
            "<li>Зореслава, Інженерка</li><li>Мешканка окупованого Херсона, Вчителька</li></ul>"
        )
    )
    for response in (english, ukrainian, client.get(f"/en/feeds/topics/nato.{suffix}")):
        assert_names_no_one(response.content)


def test_feed_leaves_out_an_appearance_withdrawn_on_its_own(client, panel):
    Appearance.objects.filter(episode=panel, person__slug="baiba-braze").update(
        withdrawn_at=timezone.now()
    )

    summary = parse_feed(client.get("/en/feeds/episodes.rss")).entries[0].summary

    assert "Braže" not in summary
    assert summary.endswith(
        "<li>Valeriy Chaly, Ambassador of Ukraine to the USA (2015-2019)</li></ul>"
    )


@pytest.mark.parametrize("language", ["en", "uk"])
def test_podcast_person_of_a_protected_speaker_is_the_name_shown_without_a_link(
    client, protected, language
):
    response = client.get(f"/{language}/feeds/podcast.rss")
    item = parse_xml(response).find("channel/item")

    people = [(person.text, dict(person.attrib)) for person in item.findall("podcast:person", NS)]
    first, description = {
        "en": ("Zoreslava", "A resident of occupied Kherson"),
        "uk": ("Зореслава", "Мешканка окупованого Херсона"),
    }[language]
    assert people == [
        ("Olena Host", {"role": "host", "href": f"{HOST}/{language}/people/olena-host/"}),
        ("Valeriy Chaly", {"role": "guest", "href": f"{HOST}/{language}/people/valeriy-chaly/"}),
        ("Baiba Braže", {"role": "guest", "href": f"{HOST}/{language}/people/baiba-braze/"}),
        (first, {"role": "guest"}),
        (description, {"role": "guest"}),
    ]
    assert_names_no_one(response.content)


def test_calendars_describe_the_panel_as_shown(client, protected):
    # Aired yesterday: within the days the calendar feed carries.
    Episode.objects.filter(pk=protected.pk).update(air_time=timezone.now() - timedelta(days=1))
    feed = client.get("/en/feeds/calendar.ics")
    event = client.get("/uk/episodes/episode-7/calendar.ics")

    unfolded = feed.content.decode().replace("\r\n ", "")
    assert (
        "Speakers:\\n- Olena Host\\, Journalist\\n- Valeriy Chaly\\, Ambassador of Ukraine to "
        "the USA (2015-2019)\\n- Baiba Braže\\, Assistant Secretary General\\n- Zoreslava\\, "
        "Engineer\\n- A resident of occupied Kherson\\, Teacher\\n\\n"
    ) in unfolded
    assert (
        "- Зореслава\\, Інженерка\\n- Мешканка окупованого Херсона\\, Вчителька"
        in event.content.decode().replace("\r\n ", "")
    )
    assert_names_no_one(feed.content)
    assert_names_no_one(event.content)


def test_episode_page_structured_data_names_a_protected_speaker_without_a_link(client, protected):
    Appearance.objects.filter(person__slug="ostap-vyshnevetskyi").delete()
    response = client.get("/en/episodes/episode-7/")

    [[episode]] = json_ld(response)
    people = [
        {
            key.removeprefix(SCHEMA): value(node, key.removeprefix(SCHEMA))
            for key in node
            if key.startswith(SCHEMA)
        }
        | {"@type": types(node), "@id": node.get("@id")}
        for node in episode[SCHEMA + "contributor"]
    ]
    assert people[3:] == [
        {"@type": ["Person"], "@id": None, "name": "Zoreslava", "jobTitle": "Engineer"},
        {
            "@type": ["Person"],
            "@id": None,
            "name": "A resident of occupied Kherson",
            "jobTitle": "Teacher",
        },
    ]
    assert people[1]["url"] == f"{HOST}/en/people/valeriy-chaly/"
    head = response.content.decode().split("</head>")[0]
    assert_names_no_one(head.encode())


def test_episode_page_structured_data_in_ukrainian_shows_the_ukrainian_names(client, protected):
    Appearance.objects.filter(person__slug="ostap-vyshnevetskyi").delete()

    [[episode]] = json_ld(client.get("/uk/episodes/episode-7/"))

    assert [value(node, "name") for node in episode[SCHEMA + "contributor"]][3:] == [
        "Зореслава",
        "Мешканка окупованого Херсона",
    ]


def test_person_structured_data_leaves_out_an_organization_the_person_hid(client, series):
    person = factories.person("Halyna Public", slug="halyna-public", show_organization=False)
    factories.position(
        person, "Engineer", organization=factories.organization("Radiozavod Nova Kakhovka")
    )
    make_episode(series, 3, speakers=[(person, "Engineer")])

    [[page]] = json_ld(client.get("/en/people/halyna-public/"))

    subject = value(page, "mainEntity")
    assert (value(subject, "name"), value(subject, "jobTitle")) == ("Halyna Public", "Engineer")
    assert SCHEMA + "affiliation" not in subject


def test_organization_structured_data_leaves_out_members_who_hid_it(client, series):
    radiozavod = factories.organization("Radiozavod Nova Kakhovka", slug="radiozavod")
    for name, shows in (("Halyna Public", False), ("Petro Public", True)):
        person = factories.person(name, show_organization=shows)
        factories.position(person, "Engineer", organization=radiozavod)
        make_episode(series, 3 if shows else 4, speakers=[(person, "Engineer")])

    [[organization]] = json_ld(client.get("/en/organizations/radiozavod/"))

    assert [value(member, "name") for member in organization[SCHEMA + "member"]] == ["Petro Public"]


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feed_of_a_protected_person_is_not_found(client, protected, suffix):
    response = client.get(f"/en/feeds/people/myroslava-terekhivska.{suffix}")

    assert response.status_code == 404


@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feed_of_a_withdrawn_person_is_gone_and_names_no_one(client, protected, language, suffix):
    response = client.get(f"/{language}/feeds/people/ostap-vyshnevetskyi.{suffix}")

    assert response.status_code == 410
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert (
        response.content.decode()
        == {
            "en": "These episodes are no longer published here.",
            "uk": "Ці випуски тут більше не публікуються.",
        }[language]
    )


def test_person_feed_leaves_out_episodes_where_the_person_is_protected(client, series, protected):
    named = make_episode(series, 8, title="Power lines")
    zoreslava = protected.appearances.get(shown_name="Zoreslava").person
    appear(named, zoreslava, 1, announced_as="Engineer")
    withdrawn = make_episode(series, 9, title="Withdrawn from")
    appear(withdrawn, zoreslava, 1, withdrawn_at=timezone.now())

    feed = parse_feed(client.get("/en/feeds/people/zoreslava-khmarynska.rss"))

    assert [entry.title for entry in feed.entries] == ["#8 Power lines"]


def test_sitemap_people_are_those_named_on_public_episodes_and_in_the_directory(
    client, series, protected
):
    refused = factories.person("Refused Directory", slug="refused", directory_consent="refused")
    make_episode(series, 8, speakers=[refused])

    entries = [
        location.text
        for location in parse_xml(client.get("/sitemap-people-en.xml")).findall("sm:url/sm:loc", NS)
    ]

    assert sorted(entries) == [
        f"{HOST}/en/people/baiba-braze/",
        f"{HOST}/en/people/olena-host/",
        f"{HOST}/en/people/valeriy-chaly/",
    ]


def test_no_sitemap_or_embed_names_a_protected_or_withdrawn_speaker(client, protected):
    index = client.get("/sitemap.xml")
    sections = [
        location.text.removeprefix(HOST)
        for location in parse_xml(index).findall("sm:sitemap/sm:loc", NS)
    ]
    embeds = [
        address
        for language in ("en", "uk")
        for address in (
            "/oembed/?" + urlencode({"url": f"{HOST}/{language}/episodes/episode-7/"}),
            f"/{language}/episodes/episode-7/embed/",
        )
    ]

    assert len(sections) == 10
    for address in [*sections, *embeds]:
        response = client.get(address)
        assert response.status_code == 200, address
        assert_names_no_one(response.content, address)


def meta(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )


@pytest.mark.parametrize("slug", ["myroslava-terekhivska", "ostap-vyshnevetskyi"])
def test_head_of_a_page_about_a_protected_or_withdrawn_person_names_no_one(rf, protected, slug):
    """Whatever a page answering for such a person (404, 410) has in its context."""
    person = Person.objects.get(slug=slug)
    template = Template(
        "{% load publishing %}{% open_graph %}{% person_structured_data person %}"
        "{% page_feeds as feeds %}"
        "{% for feed in feeds %}{{ feed.title }} {{ feed.url }}{% endfor %}"
    )

    html = template.render(Context({"person": person, "request": rf.get("/en/")}))

    assert meta(html)["og:type"] == "website"
    assert "application/ld+json" not in html
    assert_names_no_one(html.encode())
