"""schema.org JSON-LD for episode, person, organization and home pages.

Built only from what the page has already loaded (no queries of its own), as
plain dicts, and written by ``script`` with every ``<``, ``>`` and ``&``
escaped so that no text an editor types can close the script element.
"""

import json

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from flames.episodes.models import Episode, Series, Speaker
from flames.people.models import Organization, Person
from flames.publishing.describe import iso_duration, speakers
from flames.publishing.identity import thumbnail_path, youtube_embed, youtube_watch

CONTEXT = "https://schema.org"

ORGANIZATION_TYPES = {
    Organization.Kind.GOVERNMENT: "GovernmentOrganization",
    Organization.Kind.NGO: "NGO",
    Organization.Kind.MEDIA: "NewsMediaOrganization",
    Organization.Kind.ACADEMIC: "EducationalOrganization",
}

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` element; safe for any text inside."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _compact(node: dict) -> dict:
    """Leave out empty values: an unknown duration is absent, never "" or null."""
    return {key: value for key, value in node.items() if value not in (None, "", [], {})}


def _iso(moment) -> str | None:
    """ISO 8601 in Kyiv time, as the pages show it."""
    return timezone.localtime(moment).isoformat() if moment else None


def series_node(series: Series, absolute) -> dict:
    home = absolute(reverse("episodes:home"))
    return _compact(
        {
            "@type": "CreativeWorkSeries",
            "@id": f"{home}#series",
            "name": series.display_title,
            "description": series.display_mission,
            "url": home,
        }
    )


def organization_reference(organization: Organization, absolute) -> dict:
    page = absolute(organization.get_absolute_url())
    return _compact(
        {
            "@type": ORGANIZATION_TYPES.get(organization.kind, "Organization"),
            "@id": f"{page}#organization",
            "name": organization.name,
            "url": page,
        }
    )


def person_reference(person: Person, absolute, **extra) -> dict:
    page = absolute(person.get_absolute_url())
    return _compact(
        {"@type": "Person", "@id": f"{page}#person", "name": person.name, "url": page, **extra}
    )


def speaker_reference(speaker: Speaker, absolute) -> dict:
    """A speaker as the episode shows them: a protected one by the name shown alone, with
    no address, identifier or anything else that could lead to the person."""
    if speaker.person is None:
        return _compact({"@type": "Person", "name": speaker.name, "jobTitle": speaker.role})
    return person_reference(speaker.person, absolute, jobTitle=speaker.role)


def _thumbnail(episode: Episode, absolute) -> str | None:
    path = thumbnail_path(episode)
    return absolute(path) if path else None


def video_node(episode: Episode, absolute) -> dict | None:
    if not episode.video_url:
        return None
    node = {
        "@type": "VideoObject",
        "name": episode.display_title,
        "description": episode.display_summary.strip() or episode.display_title,
        "thumbnailUrl": _thumbnail(episode, absolute),
        # Left out rather than the day the episode was imported, when it has no air time.
        "uploadDate": _iso(episode.air_time),
        "duration": iso_duration(episode),
        "embedUrl": youtube_embed(episode),
        "url": youtube_watch(episode) or episode.video_url,
        "inLanguage": episode.language,
    }
    if episode.is_upcoming and episode.air_time:
        node["publication"] = {
            "@type": "BroadcastEvent",
            "isLiveBroadcast": True,
            "startDate": _iso(episode.air_time),
        }
    return _compact(node)


def episode_data(episode: Episode, *, absolute, partnerships=()) -> dict:
    """An Episode with its VideoObject, series, date, duration and panel as announced."""
    page = absolute(episode.get_absolute_url())
    contributors = [speaker_reference(speaker, absolute) for speaker in speakers(episode)]
    published = episode.status == Episode.Status.PUBLISHED and episode.has_aired
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Episode",
            "@id": f"{page}#episode",
            "url": page,
            "name": episode.display_title,
            "episodeNumber": str(episode.number) if episode.number else None,
            "description": episode.display_summary.strip(),
            "datePublished": _iso(episode.air_time) if published else None,
            "duration": iso_duration(episode),
            "inLanguage": episode.language,
            "thumbnailUrl": _thumbnail(episode, absolute),
            "partOfSeries": series_node(episode.series, absolute),
            "video": video_node(episode, absolute),
            "contributor": contributors,
            "about": [
                {
                    "@type": "Thing",
                    "name": topic.display_name,
                    "url": absolute(topic.get_absolute_url()),
                }
                for topic in episode.topics.all()
            ],
            "productionCompany": [
                organization_reference(partnership.organization, absolute)
                for partnership in partnerships
            ],
        }
    )


def person_data(person: Person, *, absolute, other_language_pages=()) -> dict:
    """A ProfilePage about a Person: other spellings, positions, affiliations (unless the
    person's organizations are hidden)."""
    page = absolute(person.get_absolute_url())
    positions = list(person.positions.all())
    current = [position for position in positions if not position.end_year]
    affiliations = {}
    for position in positions if person.show_organization else ():
        if position.organization_id and position.organization_id not in affiliations:
            affiliations[position.organization_id] = organization_reference(
                position.organization, absolute
            )
    subject = person_reference(
        person,
        absolute,
        alternateName=person.other_spellings,
        jobTitle=[position.title for position in current],
        affiliation=list(affiliations.values()),
        description=person.bio.strip(),
        sameAs=list(other_language_pages),
    )
    return {"@context": CONTEXT, "@type": "ProfilePage", "url": page, "mainEntity": subject}


def organization_data(organization: Organization, *, absolute, people=()) -> dict:
    """The organization with the people the page lists, but those who hid their
    organizations: naming them members would say what they hid."""
    node = organization_reference(organization, absolute)
    members = [person for person in people if person.show_organization]
    return _compact(
        {
            "@context": CONTEXT,
            **node,
            "alternateName": organization.other_names,
            "sameAs": [organization.website] if organization.website else [],
            "member": [person_reference(person, absolute) for person in members],
        }
    )


def series_data(series: Series, *, absolute, episodes=(), partnerships=()) -> dict:
    """The series as a CreativeWorkSeries with its latest episodes and producers."""
    node = series_node(series, absolute)
    return _compact(
        {
            "@context": CONTEXT,
            **node,
            "inLanguage": get_language(),
            "producer": [
                organization_reference(partnership.organization, absolute)
                for partnership in partnerships
            ],
            "hasPart": [
                _compact(
                    {
                        "@type": "Episode",
                        "@id": f"{absolute(episode.get_absolute_url())}#episode",
                        "name": episode.display_title,
                        "url": absolute(episode.get_absolute_url()),
                        "episodeNumber": str(episode.number) if episode.number else None,
                        "datePublished": _iso(episode.air_time),
                    }
                )
                for episode in episodes
            ],
        }
    )
