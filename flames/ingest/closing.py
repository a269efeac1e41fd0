"""The closing text of an announcement: who makes the series, and what readers can do.

Every announcement repeats it, in English or Ukrainian. The same partner or call to
action announced in both languages is one record: a Ukrainian name that the directory
does not know yet is learnt from the English announcement of the same episode (partners
are listed in the same order) or from the series' one call to action of that kind."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from flames.episodes import services as episodes
from flames.ingest.parsing import parse_announcement
from flames.people import selectors as people_selectors
from flames.people import services as people
from flames.support import services as support
from flames.support.models import CallToAction

DEFAULT_CTA_TITLES = {
    "recommendations": _("Recommendations on how to support Ukraine"),
    "donation": _("Donate to support Ukraine"),
}


def ensure_partners(series, episode, announcement, known_names: dict) -> None:
    """Partnerships for the organizations the closing text names. ``known_names`` maps
    each closing name to the organization on record it surely means (or None)."""
    known = set(series.partnerships.values_list("organization_id", flat=True))
    counterparts = None
    for index, name in enumerate(announcement.partners):
        organization = known_names.get(name)
        if organization is None:
            if counterparts is None:
                counterparts = _partners_in_other_language(episode, announcement)
            organization = _learn_name(name, counterparts, index, len(announcement.partners))
        if organization and organization.pk not in known:
            episodes.add_partner(series=series, organization=organization)
            known.add(organization.pk)


def _partners_in_other_language(episode, announcement) -> list[str]:
    other = episode.announcements.exclude(language=announcement.language).first()
    return list(parse_announcement(other.text).partners) if other else []


def _learn_name(name, counterparts, index, count):
    if len(counterparts) == count:
        counterpart = people_selectors.match_organizations([counterparts[index]])
        organization = counterpart[counterparts[index]].organization
        if organization is not None:
            people.add_organization_name(organization=organization, name=name)
            return organization
    return people.organization_named(name)


def ensure_calls_to_action(series, announcement, known_names: dict) -> None:
    calls = list(series.calls_to_action.select_related("organization"))
    for action in announcement.calls_to_action:
        organization = known_names.get(action.organization)
        of_kind = [call for call in calls if call.kind == action.kind]
        if organization is None and len(of_kind) == 1:
            # The series' one call of this kind, announced in the other language.
            organization = of_kind[0].organization
            people.add_organization_name(organization=organization, name=action.organization)
        organization = organization or people.organization_named(action.organization)
        if organization is None:  # a name without letters
            continue
        call = next((call for call in of_kind if call.organization_id == organization.pk), None)
        if call is None:
            call = CallToAction(series=series, kind=action.kind, organization=organization)
            calls.append(call)
        _fill_call(call, action)


def known_organizations(announcement) -> dict:
    """The organization on record each name of the closing text surely means, in one query."""
    names = [
        *announcement.partners,
        *(action.organization for action in announcement.calls_to_action),
    ]
    matches = people_selectors.match_organizations(names)
    return {name: match.organization for name, match in matches.items()}


def _fill_call(call: CallToAction, action) -> None:
    """Fill what is empty: the link, and the default title in both languages."""
    values = {"url": action.url or ""}
    default = DEFAULT_CTA_TITLES.get(action.kind)
    for language, field in (("en", "title"), ("uk", "title_uk")):
        with translation.override(language):
            values[field] = str(default) if default else action.kind.title()
    support.fill_call_to_action(call=call, values=values)
