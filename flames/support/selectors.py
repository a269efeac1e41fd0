"""Reads of calls to action for pages."""

from django.db.models import Q
from django.utils import timezone

from flames.episodes.models import Episode
from flames.support.models import CallToAction


def active_calls_to_action(series) -> list[CallToAction]:
    return list(CallToAction.objects.active().filter(series=series).select_related("organization"))


def calls_to_action_for(episode: Episode) -> list[CallToAction]:
    day = episode.air_date or timezone.localdate()
    return list(
        CallToAction.objects.active(day)
        .filter(Q(series=episode.series_id) | Q(episodes=episode))
        .select_related("organization")
        .distinct()
    )
