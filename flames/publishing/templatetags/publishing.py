"""Template tags for link previews, structured data and feed links.

Pages stay unaware of publishing: the tags read what a page already has in its
context (``episode``, ``person``, ``organization``, ``topic``, ``series``) and
never query the database, so page query budgets do not change.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from flames.episodes.models import Episode, Topic
from flames.people.models import Organization, Person
from flames.publishing import structured_data
from flames.publishing.identity import thumbnail_path
from flames.publishing.podcast import COVER
from flames.web.addresses import slug_url

register = template.Library()

OG_LOCALES = {"en": "en_GB", "uk": "uk_UA"}
DESCRIPTION_LENGTH = 200


def _absolute(context):
    request = context.get("request")
    if request is None:
        return lambda path: path
    return request.build_absolute_uri


@dataclass(frozen=True)
class FeedLink:
    group: str
    label: str
    url: str
    type: str

    @property
    def title(self) -> str:
        return f"{self.group} ({self.label})"


def _series_text(context, field: str) -> str:
    series = context.get("site_series")
    try:
        return getattr(series, field) if series else ""
    except AttributeError:  # no series yet: a lazy object around None
        return ""


def _series_title(context) -> str:
    return _series_text(context, "display_title")


def _public_person(context) -> Person | None:
    """The person a page is about, if the public may know them: a page that answers for a
    protected or withdrawn person (404, 410) must not name them in its head."""
    person = context.get("person")
    return person if isinstance(person, Person) and person.is_public else None


RSS, ATOM, CALENDAR = "application/rss+xml", "application/atom+xml", "text/calendar"


@register.simple_tag(takes_context=True)
def page_feeds(context) -> list[FeedLink]:
    """The feeds a page offers: its subject's (a topic or a person), then the series'."""
    absolute = _absolute(context)
    feeds = []
    subject = context.get("topic") or _public_person(context)
    if isinstance(subject, Topic | Person):
        if isinstance(subject, Topic):
            group = _("Episodes about %(topic)s") % {"topic": subject.display_name}
            prefix = "topic"
        else:
            group = _("Episodes with %(person)s") % {"person": subject.name}
            prefix = "person"
        feeds += [
            FeedLink(
                group, "RSS", absolute(slug_url(f"publishing:{prefix}_rss", subject.slug)), RSS
            ),
            FeedLink(
                group, "Atom", absolute(slug_url(f"publishing:{prefix}_atom", subject.slug)), ATOM
            ),
        ]
    group = _series_title(context) or _("All episodes")
    feeds += [
        FeedLink(group, "RSS", absolute(reverse("publishing:episodes_rss")), RSS),
        FeedLink(group, "Atom", absolute(reverse("publishing:episodes_atom")), ATOM),
        FeedLink(group, _("Podcast"), absolute(reverse("publishing:podcast")), RSS),
        FeedLink(group, _("Calendar"), absolute(reverse("publishing:calendar")), CALENDAR),
    ]
    return feeds


def _describe(text: str) -> str:
    return Truncator(" ".join(strip_tags(text).split())).chars(DESCRIPTION_LENGTH)


@register.inclusion_tag("publishing/_open_graph.html", takes_context=True)
def open_graph(context):
    """OpenGraph and Twitter card tags for whatever the page shows."""
    absolute = _absolute(context)
    request = context.get("request")
    site_name = _series_title(context) or "Flames"
    mission = _series_text(context, "display_mission")
    tags = {
        "type": "website",
        "title": site_name,
        "description": _describe(mission),
        "image": absolute(static(COVER)),
        "image_alt": site_name,
        "card": "summary",
    }
    episode, person = context.get("episode"), _public_person(context)
    organization, topic = context.get("organization"), context.get("topic")
    if isinstance(episode, Episode):
        path = thumbnail_path(episode)
        thumbnail = absolute(path) if path else None
        tags.update(
            type="video.episode" if episode.video_url else "article",
            title=episode.display_title,
            description=_describe(episode.display_summary) or tags["description"],
        )
        if thumbnail:
            tags.update(
                image=thumbnail, image_alt=episode.display_title, card="summary_large_image"
            )
    elif person is not None:
        tags.update(
            type="profile",
            title=person.name,
            description=_describe(person.bio)
            or _("%(name)s on %(series)s") % {"name": person.name, "series": site_name},
        )
    elif isinstance(organization, Organization):
        tags.update(title=organization.name)
    elif isinstance(topic, Topic):
        tags.update(
            title=topic.display_name,
            description=_describe(topic.description) or tags["description"],
        )
    language = get_language()
    return {
        **tags,
        "site_name": site_name,
        "url": _page_url(request) if request else "",
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [
            OG_LOCALES.get(code, code)
            for code in (link["code"] for link in context.get("language_links", []))
            if code != language
        ],
    }


def _page_url(request) -> str:
    # An address such as "//example.org/" (a 404) would be read as another host, and
    # "//[" as no URL at all: the page's own URL has one leading slash.
    return request.build_absolute_uri("/" + request.path.lstrip("/"))


@register.simple_tag(takes_context=True)
def oembed_link(context, episode: Episode) -> str:
    """The oEmbed discovery URL for an episode page."""
    absolute = _absolute(context)
    page = absolute(episode.get_absolute_url())
    return (
        absolute(reverse("publishing_root:oembed"))
        + "?"
        + urlencode({"url": page, "format": "json"})
    )


@register.simple_tag(takes_context=True)
def episode_structured_data(context, episode: Episode):
    return structured_data.script(
        structured_data.episode_data(
            episode, absolute=_absolute(context), partnerships=context.get("partnerships") or ()
        )
    )


@register.simple_tag(takes_context=True)
def person_structured_data(context, person: Person):
    if not person.is_public:
        return ""
    absolute = _absolute(context)
    other_pages = [
        absolute(link["url"]) for link in context.get("language_links", []) if not link["current"]
    ]
    return structured_data.script(
        structured_data.person_data(person, absolute=absolute, other_language_pages=other_pages)
    )


@register.simple_tag(takes_context=True)
def organization_structured_data(context, organization: Organization):
    return structured_data.script(
        structured_data.organization_data(
            organization, absolute=_absolute(context), people=context.get("people") or ()
        )
    )


@register.simple_tag(takes_context=True)
def series_structured_data(context, series):
    return structured_data.script(
        structured_data.series_data(
            series,
            absolute=_absolute(context),
            episodes=context.get("latest") or (),
            partnerships=context.get("partnerships") or (),
        )
    )
