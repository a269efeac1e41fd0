"""An episode in a list, rendered in Python: every list shows up to 24, and as an included
template with tags and filters each item cost more than the rest of the page."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from flames.episodes.models import Appearance, Episode

register = template.Library()


@register.simple_tag
def episode_meta(episode: Episode) -> SafeString:
    """The episode's number, its air date in Kyiv and, if it is still to come, a badge."""
    parts = []
    if episode.number:
        number = gettext("#%(number)s") % {"number": episode.number}
        parts.append(format_html('<span class="number">{}</span> ', number))
    if episode.air_time:
        local = timezone.localtime(episode.air_time)
        day = date_format(local, "DATE_FORMAT")
        parts.append(format_html('<time datetime="{}">{}</time>', local.isoformat(), day))
    if episode.is_upcoming:
        parts.append(format_html(' <span class="badge">{}</span>', gettext("Upcoming")))
    return mark_safe("".join(parts))


@register.simple_tag
def episode_item(episode: Episode, level: int = 3) -> SafeString:
    """An episode in a list: its meta line, its title as a heading of ``level`` linking to
    its page, and its panel's names (``speaker_names``, when the list read them)."""
    names = getattr(episode, "speaker_names", None)
    speakers = format_html('<p class="speakers">{}</p>', ", ".join(names)) if names else ""
    return _item(episode, int(level), speakers)


@register.simple_tag
def appearance_item(appearance: Appearance) -> SafeString:
    """An episode on a speaker's page: as ``episode_item``, with the role they were
    announced in (as the episode shows it) instead of the panel's names."""
    role = appearance.speaker.role
    line = ""
    if role:
        announced = gettext("Announced as: %(role)s") % {"role": escape(role)}
        line = format_html('<p class="role">{}</p>', mark_safe(announced))
    return _item(appearance.episode, 3, line)


def _item(episode: Episode, level: int, details: str) -> SafeString:
    return format_html(
        '<li class="episode-item">\n  <p class="meta">{meta}</p>\n'
        '  <h{level}><a href="{url}">{title}</a></h{level}>\n  {details}\n</li>\n',
        meta=episode_meta(episode),
        level=level,
        url=episode.get_absolute_url(),
        title=episode.display_title,
        details=details,
    )
