"""Writes to calls to action."""

from flames.people.models import Organization
from flames.support.models import CallToAction


def fill_call_to_action(*, call: CallToAction, values: dict[str, str]) -> None:
    """Set the call's fields that are empty from ``values``; a new call is saved whole."""
    changed = [name for name, value in values.items() if value and not getattr(call, name)]
    for name in changed:
        setattr(call, name, values[name])
    if call.pk is None:
        call.save()
    elif changed:
        call.save(update_fields=changed)


def take_over_calls_to_action(*, survivor: Organization, duplicate: Organization, **signal) -> None:
    """On ``organization_merged``: the duplicate's calls to action become the survivor's;
    the same call twice (one per language of an import) becomes one."""
    calls = {(call.series_id, call.kind): call for call in survivor.calls_to_action.all()}
    for call in CallToAction.objects.filter(organization=duplicate):
        kept = calls.get((call.series_id, call.kind))
        if kept is None:
            call.organization = survivor
            call.save(update_fields=["organization"])
        else:
            _fold_call_to_action(kept=kept, duplicate=call)


def _fold_call_to_action(*, kept: CallToAction, duplicate: CallToAction) -> None:
    """Keep one call, with what either had."""
    for field in ("url", "title_uk", "description", "description_uk"):
        if not getattr(kept, field):
            setattr(kept, field, getattr(duplicate, field))
    kept.save()
    kept.episodes.add(*duplicate.episodes.all())
    duplicate.delete()
