"""Demo content: episode #121 of UKRAINE IN FLAMES, as announced.

The facts (title, speakers, roles, partners, calls to action) come from the
published announcement in samples/seeds; the summary and mission are our own
words. The announcement's links were stripped when it was archived, so the
calls to action have no URL and the episode no video until an editor adds them.
"""

import reversion
from django.db import transaction
from django.utils.translation import gettext

from flames.episodes.models import Appearance, Episode, Partnership, Series, Topic
from flames.people import services as people
from flames.people.models import Person, PersonName, Position
from flames.support.models import CallToAction
from flames.values.slugs import ascii_slug

SERIES = {
    "slug": "ukraine-in-flames",
    "title": "Ukraine in Flames",
    "title_uk": "Україна в огні",
    "mission": (
        "Ukraine in Flames brings diplomats, officials and experts together to explain "
        "Russia's war against Ukraine and what the world can do about it. "
        "We seek loud support for Ukraine in the war Russia started on 24 February 2022."
    ),
    "mission_uk": (
        "«Україна в огні» збирає дипломатів, посадовців і експертів, щоб пояснити "
        "війну Росії проти України і те, що світ може з нею зробити. "
        "Ми прагнемо гучної підтримки України у війні, яку Росія розпочала 24 лютого 2022 року."
    ),
    "about": (
        "Ukraine in Flames is a series of expert panel discussions on Russia's war against "
        "Ukraine, streamed on YouTube and social networks since 2022.\n\n"
        "Each episode gathers people who shape or study the war's diplomacy, security, "
        "economy and culture, and ends with ways to help Ukraine."
    ),
    "about_uk": (
        "«Україна в огні» — серія експертних дискусій про війну Росії проти України, "
        "яку транслюють на YouTube і в соціальних мережах з 2022 року.\n\n"
        "Кожен випуск збирає тих, хто формує або досліджує дипломатію, безпеку, економіку "
        "та культуру війни, і завершується тим, як допомогти Україні."
    ),
}

ORGANIZATIONS = {
    "ucmc": (
        "Ukraine Crisis Media Center",
        "ngo",
        ["UCMC", "Український кризовий медіа-центр", "УКМЦ"],
    ),
    "ucu": (
        "Ukrainian Catholic University’s analytical center",
        "academic",
        ["Аналітичний центр Українського католицького університету"],
    ),
    "eac": ("NGO “Euroatlantic Course”", "ngo", ["ГО «Євроатлантичний курс»"]),
    "nato-idc": (
        "NATO Information and Documentation Center in Kyiv",
        "international",
        ["Центр інформації та документації НАТО в Україні"],
    ),
    "nato-rep": (
        "NATO Representation in Ukraine",
        "international",
        ["Представництво НАТО в Україні"],
    ),
}

# (name, Ukrainian spelling, announced as, the same in the Ukrainian announcement,
#  [(title, organization key, start, end)])
# fmt: off
SPEAKERS = [
    ("Emine Dzheppar", "Еміне Джеппар",
     "First Deputy Minister of Foreign Affairs of Ukraine",
     "перша заступниця міністра закордонних справ України",
     [("First Deputy Minister of Foreign Affairs of Ukraine", None, None, None)]),
    ("Vineta Kleine", "Вінета Клейне",
     "Director of NATO Information and Documentation Center in Kyiv",
     "директорка Центру інформації та документації НАТО в Україні",
     [("Director", "nato-idc", None, None)]),
    ("Baiba Braže", "Байба Браже",
     "Assistant Secretary General for Public Diplomacy",
     "помічниця Генерального секретаря НАТО з питань публічної дипломатії",
     [("Assistant Secretary General for Public Diplomacy", None, None, None)]),
    ("Karen McTear", "Карен МакТір",
     "Head of the NATO Representation in Ukraine",
     "голова Представництва НАТО в Україні",
     [("Head", "nato-rep", None, None)]),
    ("Volodymyr Ogryzko", "Володимир Огризко",
     "Minister of Foreign Affairs of Ukraine (2007-2009)",
     "міністр закордонних справ України (2007–2009)",
     [("Minister of Foreign Affairs of Ukraine", None, 2007, 2009)]),
    ("Ivanna Klympush-Tsintsadze", "Іванна Климпуш-Цинцадзе",
     "Chair of the Committee on Ukraine’s Integration into the EU",
     "голова Комітету з питань інтеграції України до ЄС",
     [("Chair of the Committee on Ukraine’s Integration into the EU", None, None, None)]),
    ("Valeriy Chaly", "Валерій Чалий",
     "Chair of the UCMC Board, Ambassador Extraordinary and Plenipotentiary of Ukraine "
     "to the USA (2015-2019)",
     "голова правління УКМЦ, Надзвичайний і Повноважний Посол України в США (2015–2019)",
     [("Chair of the Board", "ucmc", None, None),
      ("Ambassador Extraordinary and Plenipotentiary of Ukraine to the USA", None, 2015, 2019)]),
]
# fmt: on

EPISODE = {
    "number": 121,
    "slug": "121-ukraine-and-nato-partnership-anniversary",
    "title": "Ukraine and NATO partnership anniversary: joint achievements and challenges",
    "summary": (
        "On an anniversary of the partnership between Ukraine and NATO, the panel takes stock "
        "of what the two have built together since 2014 and why membership stays written into "
        "Ukraine's constitution and security strategy as its strategic goal.\n\n"
        "The speakers answer the Kremlin's claims that NATO is the aggressor, discuss the "
        "Madrid summit naming Russia the most direct threat and the growth of NATO's "
        "high-readiness forces, and argue that Ukraine's victory is a condition for "
        "stability across the Euro-Atlantic area."
    ),
    "title_uk": "Партнерство України та НАТО: спільні досягнення та виклики",
    "summary_uk": (
        "До річниці партнерства України та НАТО учасники підбивають підсумки того, що "
        "вдалося збудувати разом від 2014 року, і пояснюють, чому членство в Альянсі "
        "залишається стратегічною метою, закріпленою в Конституції та Стратегії "
        "національної безпеки України.\n\n"
        "Спікери відповідають на кремлівські вигадки про агресивне НАТО, говорять про "
        "саміт у Мадриді, який назвав Росію найпрямішою загрозою, і про посилення сил "
        "високої готовності, а також доводять, що перемога України — умова стабільності "
        "всього євроатлантичного простору."
    ),
}

TOPICS = [("NATO", "НАТО", "nato"), ("Diplomacy", "Дипломатія", "diplomacy")]

CALLS_TO_ACTION = [
    (
        "recommendations",
        "ucmc",
        "Recommendations on how to support Ukraine",
        "Рекомендації, як підтримати Україну",
        "Ways to support Ukraine against Russian aggression, gathered by Ukraine Crisis Media "
        "Center.",
        "Способи підтримати Україну в боротьбі з російською агресією від Українського кризового "
        "медіа-центру.",
    ),
    (
        "donation",
        "eac",
        "Donate to support the Ukrainian army and civilians",
        "Підтримати Збройні сили України та цивільних",
        "NGO “Euroatlantic Course” collects donations for the Ukrainian army and civilians.",
        "ГО «Євроатлантичний курс» збирає кошти на підтримку Збройних сил України та цивільних.",
    ),
]


@transaction.atomic
@reversion.create_revision()
def load_demo() -> Episode:
    """Create or refresh the demo content, recorded as one revision; running it twice
    changes no content."""
    reversion.set_comment(gettext("Loaded the demo content."))
    series, _ = Series.objects.update_or_create(slug=SERIES["slug"], defaults=SERIES)
    organizations = {}
    for key, (name, kind, other_names) in ORGANIZATIONS.items():
        # Matched as an import matches it: on a site that imported the archive, the demo
        # completes the partner already there instead of adding a second one.
        organization = people.organization_named(name)
        if organization.kind != kind:
            organization.kind = kind
            organization.save(update_fields=["kind"])
        for other in other_names:
            people.add_organization_name(organization=organization, name=other)
        organizations[key] = organization
    for order, key in enumerate(["ucmc", "ucu", "eac"]):
        Partnership.objects.update_or_create(
            series=series, organization=organizations[key], defaults={"order": order}
        )

    episode, _ = Episode.objects.update_or_create(
        slug=EPISODE["slug"],
        defaults={**EPISODE, "series": series, "status": Episode.Status.PUBLISHED},
    )
    episode.topics.set(
        Topic.objects.update_or_create(slug=slug, defaults={"name": name, "name_uk": name_uk})[0]
        for name, name_uk, slug in TOPICS
    )
    for order, speaker in enumerate(SPEAKERS, start=1):
        name, ukrainian, announced_as, announced_as_uk, positions = speaker
        person, _ = Person.objects.update_or_create(slug=ascii_slug(name), defaults={"name": name})
        for spelling in (name, ukrainian):
            PersonName.objects.get_or_create(person=person, name=spelling)
        for title, organization_key, start_year, end_year in positions:
            Position.objects.get_or_create(
                person=person,
                title=title,
                organization=organizations.get(organization_key),
                start_year=start_year,
                end_year=end_year,
            )
        Appearance.objects.update_or_create(
            episode=episode,
            person=person,
            defaults={
                "order": order,
                "announced_as": announced_as,
                "announced_as_uk": announced_as_uk,
            },
        )

    for kind, key, title, title_uk, description, description_uk in CALLS_TO_ACTION:
        CallToAction.objects.update_or_create(
            kind=kind,
            organization=organizations[key],
            series=series,
            defaults={
                "title": title,
                "title_uk": title_uk,
                "description": description,
                "description_uk": description_uk,
            },
        )
    return episode
