"""The first line of an episode in a list, rendered in Python: every list shows it up to
24 times, and as template tags and filters it cost as much as the rest of the item."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from flames.episodes.models import Episode

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
