"""Builders of test data (content, calls to action, caption files and transcripts); every
argument a test doesn't care about has a default."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flames.episodes.models import Appearance, Episode, Series, Topic
from flames.people.models import Organization, Person, Position
from flames.support.models import CallToAction
from flames.transcripts.parsing import format_timestamp
from flames.transcripts.services import attach_transcript

KYIV = ZoneInfo("Europe/Kyiv")
_counter = itertools.count(1)


def kyiv(year, month, day, hour=19, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=KYIV)


def series(**fields):
    existing = Series.objects.first()
    if existing and not fields:
        return existing
    defaults = {"title": "Ukraine in Flames", "slug": f"series-{next(_counter)}", "mission": "M."}
    return Series.objects.create(**{**defaults, **fields})


def person(name=None, **fields):
    name = name or f"Person {next(_counter)}"
    slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{next(_counter)}"
    return Person.objects.create(name=name, slug=slug, **fields)


def organization(name=None, **fields):
    name = name or f"Organization {next(_counter)}"
    fields.setdefault("slug", f"org-{next(_counter)}")
    return Organization.objects.create(name=name, **fields)


def position(who, title, **fields):
    return Position.objects.create(person=who, title=title, **fields)


def topic(name=None, **fields):
    name = name or f"Topic {next(_counter)}"
    fields.setdefault("slug", f"topic-{next(_counter)}")
    return Topic.objects.create(name=name, **fields)


def episode(title=None, *, speakers=(), status=Episode.Status.PUBLISHED, **fields):
    """An episode with ``speakers``: people, or (person, announced_as) pairs, in order."""
    title = title or f"Episode {next(_counter)}"
    fields.setdefault("series", series())
    fields.setdefault("slug", f"episode-{next(_counter)}")
    made = Episode.objects.create(title=title, status=status, **fields)
    for order, speaker in enumerate(speakers, start=1):
        who, announced_as = speaker if isinstance(speaker, tuple) else (speaker, "")
        Appearance.objects.create(episode=made, person=who, order=order, announced_as=announced_as)
    return made


def make_episode(series, n, **fields):
    """A published episode #n aired at 19:00 Kyiv time on day n of 2024."""
    fields.setdefault("number", n)
    fields.setdefault("air_time", kyiv(2024, 1, 1, 19) + timedelta(days=n))
    fields.setdefault("slug", f"episode-{n}")
    fields.setdefault("summary", f"What panel {n} talked about.")
    fields.setdefault("duration", timedelta(hours=1, minutes=5, seconds=30))
    return episode(fields.pop("title", f"Panel {n}"), series=series, **fields)


def make_panel(series):
    """Episode #7 with a moderator and two guests, a topic, a video and a media file."""
    nato = topic("NATO", slug="nato", name_uk="НАТО")
    host = person("Olena Host", slug="olena-host")
    chaly = person("Valeriy Chaly", slug="valeriy-chaly")
    guest = person("Baiba Braže", slug="baiba-braze")
    episode = make_episode(
        series,
        7,
        title="Sanctions & security: what “next” means",
        title_uk="Санкції і безпека",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_url="https://media.example.org/ep7.mp3",
        media_size=48_000_000,
        media_type="audio/mpeg",
        speakers=[
            (host, "Journalist"),
            (chaly, "Ambassador of Ukraine to the USA (2015-2019)"),
            (guest, "Assistant Secretary General"),
        ],
    )
    Appearance.objects.filter(episode=episode, person=host).update(part=Appearance.Part.MODERATOR)
    episode.topics.add(nato)
    return episode


def donation(series, url="https://donate.example.org/"):
    return CallToAction.objects.create(
        kind=CallToAction.Kind.DONATION,
        title="Donate to the army",
        url=url,
        organization=organization("NGO “Euroatlantic Course”"),
        series=series,
    )


def vtt(*cues) -> str:
    """A WebVTT file from (start seconds, end seconds, voice, text) tuples."""
    blocks = ["WEBVTT"]
    for start, end, voice, text in cues:
        payload = f"<v {voice}>{text}" if voice else text
        timing = f"{format_timestamp(int(start * 1000))} --> {format_timestamp(int(end * 1000))}"
        blocks.append(f"{timing}\n{payload}")
    return "\n\n".join(blocks) + "\n"


def transcript(episode, *cues, language="en"):
    """Attach a transcript made of (start, end, voice, text) cues to ``episode``."""
    return attach_transcript(
        episode=episode, language=language, text=vtt(*cues), filename="test.vtt"
    ).transcript
