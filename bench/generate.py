"""Build a synthetic archive for the benchmarks: 10,000 episodes, 3,000 people.

    python bench/generate.py    # into the configured database, which must hold no episodes

The archive is deterministic (a seeded random generator) and written with
bulk_create in one transaction. bulk_create skips save(), so the fields that
Person.save(), PersonName.save(), Organization.save() and OrganizationName.save() would
fill (sort_name, initial, keys, initials) are filled here.

Speakers are chosen with a skewed distribution: a few dozen people appear in
200 or more episodes, most in a handful, as in the real series.
"""

import os
import random
import string
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate
from time import perf_counter
from zoneinfo import ZoneInfo

import django
import words

# Generating data signs nothing, so a placeholder key lets this run in a plain shell.
os.environ.setdefault(
    "FLAMES_SECRET_KEY", "bench-generate-only-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from flames.demo import SERIES  # noqa: E402
from flames.episodes.models import Appearance, Episode, Partnership, Series, Topic  # noqa: E402
from flames.people.models import (  # noqa: E402
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Position,
    surname_first,
)
from flames.people.names import (  # noqa: E402
    name_key,
    organization_initials,
    organization_key,
)
from flames.support.models import CallToAction  # noqa: E402
from flames.values.slugs import ascii_slug  # noqa: E402

EPISODES = 10_000
PEOPLE = 3_000
SEED = 20220224
BATCH_SIZE = 1_000

KYIV = ZoneInfo("Europe/Kyiv")
FIRST_AIR_DAY = date(2022, 3, 1)
LAST_AIR_DAY = date(2026, 10, 31)
UPCOMING_AIR_TIME = datetime(2026, 12, 3, 19, 0, tzinfo=KYIV)
# Episode numbers are not unique in the wild: #177 was used twice.
REPEATED_NUMBER = 177

# Speakers per episode and how often each panel size occurs (mean about 5.3).
PANEL_SIZES = [3, 4, 5, 6, 7, 8]
PANEL_WEIGHTS = [10, 20, 30, 20, 12, 8]
# Person number r is picked with weight 1 / (r + SKEW_OFFSET): the first few
# dozen people get 200+ appearances, the last ones about four.
SKEW_OFFSET = 30

YOUTUBE_ID_ALPHABET = string.ascii_letters + string.digits + "-_"
UKRAINIAN_SHARE = 0.7
# One simple alternative romanisation per name, as the real archive has them
# (Ogryzko / Ohryzko, Chalyi / Chaly).
ROMANISATIONS = [("yi", "y"), ("iy", "yi"), ("kh", "h"), ("g", "h")]


@dataclass
class Speaker:
    person: Person
    roles: list[str]


def build_archive(*, episodes: int = EPISODES, people: int = PEOPLE, seed: int = SEED) -> dict:
    """Write the whole archive into the (empty) database; return row counts."""
    if not connection.features.can_return_rows_from_bulk_insert:
        raise RuntimeError("The database must return ids from bulk inserts (SQLite 3.35+).")
    rng = random.Random(seed)
    with transaction.atomic():
        # A migration creates the series on a fresh site; the archive gives it the demo's texts.
        series, _ = Series.objects.update_or_create(slug=SERIES["slug"], defaults=SERIES)
        organizations = create_organizations()
        create_partnerships(series, organizations)
        create_calls_to_action(series, organizations)
        topics = create_topics()
        speakers = create_people(rng, people, organizations)
        created = create_episodes(rng, series, episodes, topics)
        appearances = create_appearances(rng, created, speakers)
    return {
        "episodes": len(created),
        "people": len(speakers),
        "topics": len(topics),
        "organizations": len(organizations),
        "appearances": appearances,
    }


def create_organizations() -> dict[str, Organization]:
    organizations = [
        Organization(name=name, slug=slug, kind=kind, key=organization_key(name))
        for name, slug, kind, _ in words.ORGANIZATIONS
    ]
    Organization.objects.bulk_create(organizations)
    names = [
        OrganizationName(
            organization=organization,
            name=name,
            key=organization_key(name),
            initials=organization_initials(name)[0],
            initials_joined=organization_initials(name)[1],
        )
        for organization, (own, _, _, other_names) in zip(
            organizations, words.ORGANIZATIONS, strict=True
        )
        for name in [own, *other_names.splitlines()]
    ]
    OrganizationName.objects.bulk_create(names)
    return {organization.slug: organization for organization in organizations}


def create_partnerships(series: Series, organizations: dict[str, Organization]) -> None:
    Partnership.objects.bulk_create(
        [
            Partnership(series=series, organization=organizations["ucmc"], order=0),
            Partnership(
                series=series,
                organization=organizations["ucu-analytical-center"],
                started_on=date(2022, 3, 1),
                ended_on=date(2022, 12, 31),
                order=1,
            ),
            Partnership(series=series, organization=organizations["euroatlantic-course"], order=2),
        ]
    )


def create_calls_to_action(series: Series, organizations: dict[str, Organization]) -> None:
    CallToAction.objects.bulk_create(
        [
            CallToAction(
                kind=CallToAction.Kind.RECOMMENDATIONS,
                title="Recommendations on how to support Ukraine",
                description="Ways to support Ukraine against Russian aggression, gathered by "
                "Ukraine Crisis Media Center.",
                url="https://example.org/ucmc/recommendations",
                organization=organizations["ucmc"],
                series=series,
                order=0,
            ),
            CallToAction(
                kind=CallToAction.Kind.DONATION,
                title="Donate to support the Ukrainian army and civilians",
                description="NGO “Euroatlantic Course” collects donations for the Ukrainian "
                "army and civilians.",
                url="https://example.org/euroatlantic-course/donate",
                organization=organizations["euroatlantic-course"],
                series=series,
                order=1,
            ),
        ]
    )


def create_topics() -> list[Topic]:
    topics = [Topic(name=name, slug=ascii_slug(name)) for name in words.TOPICS]
    Topic.objects.bulk_create(topics)
    return topics


def create_people(rng: random.Random, count: int, organizations: dict) -> list[Speaker]:
    """People with their spellings and positions; each comes with the roles to announce."""
    speakers = []
    spellings = []
    positions = []
    slugs = set()
    for name, other_names in person_names(rng, count):
        sort_name = surname_first(name)
        person = Person(
            name=name,
            slug=unique(ascii_slug(name), slugs),
            sort_name=sort_name,
            initial=sort_name[:1].upper(),
            bio=biography(rng, name, organizations) if rng.random() < 0.3 else "",
        )
        spellings += [
            PersonName(person=person, name=spelling, key=name_key(spelling))
            for spelling in [name, *other_names]
        ]
        held = person_positions(rng, person, organizations)
        positions += held
        speakers.append(Speaker(person=person, roles=[announced_role(p) for p in held]))
    Person.objects.bulk_create([speaker.person for speaker in speakers], batch_size=BATCH_SIZE)
    PersonName.objects.bulk_create(spellings, batch_size=BATCH_SIZE)
    Position.objects.bulk_create(positions, batch_size=BATCH_SIZE)
    return speakers


def person_names(rng: random.Random, count: int) -> list[tuple[str, list[str]]]:
    """``count`` distinct (name, other spellings) pairs, mostly Ukrainian names."""
    names = {}
    while len(names) < count:
        if rng.random() < UKRAINIAN_SHARE:
            first, first_cyrillic = rng.choice(words.UKRAINIAN_FIRST_NAMES)
            last, last_cyrillic = rng.choice(words.UKRAINIAN_SURNAMES)
            name = f"{first} {last}"
            others = [f"{first_cyrillic} {last_cyrillic}", *other_romanisation(name)]
        else:
            name = f"{rng.choice(words.FOREIGN_FIRST_NAMES)} {rng.choice(words.FOREIGN_SURNAMES)}"
            others = []
        names.setdefault(name, others)
    return list(names.items())


def other_romanisation(name: str) -> list[str]:
    for old, new in ROMANISATIONS:
        if old in name:
            return [name.replace(old, new)]
    return []


def biography(rng: random.Random, name: str, organizations: dict) -> str:
    organization = rng.choice(list(organizations.values()))
    sentences = rng.sample(words.BIO_SENTENCES, 2)
    return " ".join(
        sentence.format(name=name, org=organization.name, topic=rng.choice(words.TOPICS))
        for sentence in sentences
    )


def person_positions(rng: random.Random, person: Person, organizations: dict) -> list[Position]:
    """One current position and up to two earlier ones with years."""
    positions = []
    for index in range(rng.randint(1, 3)):
        organization = rng.choice(list(organizations.values())) if rng.random() < 0.6 else None
        if organization:
            title = rng.choice(words.TITLES_AT[organization.kind])
        else:
            title = rng.choice(words.STANDALONE_TITLES)
        if index == 0:
            start_year, end_year = rng.randint(2012, 2024), None
        else:
            start_year = rng.randint(1995, 2016)
            end_year = start_year + rng.randint(1, 6)
        positions.append(
            Position(
                person=person,
                title=title,
                organization=organization,
                start_year=start_year,
                end_year=end_year,
            )
        )
    return positions


def announced_role(position: Position) -> str:
    """The role as an announcement would word it."""
    role = position.title
    if position.organization:
        role = f"{role}, {position.organization.name}"
    if position.end_year:
        role = f"{role} ({position.start_year}-{position.end_year})"
    return role


def create_episodes(rng, series: Series, count: int, topics: list[Topic]) -> list[Episode]:
    """``count`` published episodes in air order, plus one upcoming, with their topics."""
    slugs = set()
    episodes = []
    episode_topics = []
    air_times = [*random_air_times(rng, count), UPCOMING_AIR_TIME]
    for index, air_time in enumerate(air_times):
        number = index + 1 if index < REPEATED_NUMBER else index
        chosen = rng.sample(topics, rng.choice([1, 2, 2, 3]))
        title = episode_title(rng, [topic.name for topic in chosen])
        episode = Episode(
            series=series,
            number=number,
            title=title,
            slug=unique(f"{number}-{ascii_slug(title, max_length=80)}", slugs),
            summary=episode_summary(rng, [topic.name for topic in chosen]),
            status=Episode.Status.PUBLISHED if index < count else Episode.Status.SCHEDULED,
            air_time=air_time,
            duration=timedelta(minutes=rng.randint(55, 120)),
            language=Episode.Language.UKRAINIAN if rng.random() < 0.1 else "en",
            video_url=f"https://www.youtube.com/watch?v={youtube_id(rng)}",
        )
        episodes.append(episode)
        episode_topics += [(episode, topic) for topic in chosen]
    Episode.objects.bulk_create(episodes, batch_size=BATCH_SIZE)
    Link = Episode.topics.through
    Link.objects.bulk_create(
        [Link(episode_id=episode.pk, topic_id=topic.pk) for episode, topic in episode_topics],
        batch_size=BATCH_SIZE,
    )
    return episodes


def random_air_times(rng: random.Random, count: int) -> list[datetime]:
    """``count`` air times between FIRST_AIR_DAY and LAST_AIR_DAY, Kyiv time, sorted."""
    days = (LAST_AIR_DAY - FIRST_AIR_DAY).days
    air_times = [
        datetime.combine(
            FIRST_AIR_DAY + timedelta(days=rng.randint(0, days)),
            clock(hour=rng.randint(10, 19), minute=rng.choice([0, 30])),
            tzinfo=KYIV,
        )
        for _ in range(count)
    ]
    return sorted(air_times)


def episode_title(rng: random.Random, topic_names: list[str]) -> str:
    phrase = rng.choice(words.TITLE_PHRASES)
    first = topic_names[0]
    if len(topic_names) > 1 and rng.random() < 0.5:
        return f"{first} and {topic_names[1]}: {phrase}"
    if rng.random() < 0.3:
        return f"{phrase[0].upper()}{phrase[1:]}: {first}"
    return f"{first}: {phrase}"


def episode_summary(rng: random.Random, topic_names: list[str]) -> str:
    """Two paragraphs, 600 to 1,000 characters in all."""
    target = rng.randint(600, 1000)
    sentences = []
    length = 0
    for template in rng.sample(words.SUMMARY_SENTENCES, len(words.SUMMARY_SENTENCES)):
        sentence = template.format(
            topic=topic_names[0],
            topic2=topic_names[-1],
            org=rng.choice(words.ORGANIZATIONS)[0],
            org2=rng.choice(words.ORGANIZATIONS)[0],
            country=rng.choice(words.COUNTRIES),
        )
        if length >= 600 and length + len(sentence) > 1000:
            break
        sentences.append(sentence)
        length += len(sentence) + 1
        if length >= target:
            break
    middle = len(sentences) // 2
    return " ".join(sentences[:middle]) + "\n\n" + " ".join(sentences[middle:])


def youtube_id(rng: random.Random) -> str:
    return "".join(rng.choices(YOUTUBE_ID_ALPHABET, k=11))


def create_appearances(rng, episodes: list[Episode], speakers: list[Speaker]) -> int:
    """About five speakers per episode, chosen with a skewed distribution."""
    cumulative = list(accumulate(1 / (rank + SKEW_OFFSET) for rank in range(len(speakers))))
    appearances = []
    for episode in episodes:
        size = rng.choices(PANEL_SIZES, weights=PANEL_WEIGHTS)[0]
        for order, speaker in enumerate(pick_panel(rng, speakers, cumulative, size), start=1):
            appearances.append(
                Appearance(
                    episode=episode,
                    person=speaker.person,
                    order=order,
                    part=Appearance.Part.MODERATOR if order == 1 else Appearance.Part.GUEST,
                    announced_as=announcement(rng, speaker.roles),
                )
            )
    Appearance.objects.bulk_create(appearances, batch_size=BATCH_SIZE)
    return len(appearances)


def pick_panel(rng, speakers: list[Speaker], cumulative: list[float], size: int) -> list[Speaker]:
    """``size`` different speakers; ``cumulative`` holds the running sum of their weights."""
    chosen = []
    while len(chosen) < size:
        index = rng.choices(range(len(speakers)), cum_weights=cumulative)[0]
        if index not in chosen:
            chosen.append(index)
    return [speakers[index] for index in chosen]


def announcement(rng: random.Random, roles: list[str]) -> str:
    """Usually the current role; sometimes two roles, or an earlier one alone."""
    draw = rng.random()
    if draw < 0.25 and len(roles) > 1:
        return ", ".join(roles[:2])
    if draw < 0.4:
        return rng.choice(roles)
    return roles[0]


def unique(slug: str, taken: set[str]) -> str:
    candidate, suffix = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{suffix}"
        suffix += 1
    taken.add(candidate)
    return candidate


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    if Episode.objects.exists():
        sys.exit("generate.py: the database already has episodes; use an empty one.")
    started = perf_counter()
    counts = build_archive()
    elapsed = perf_counter() - started
    summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
    print(f"Generated {summary} in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
