from flames.support.models import CallToAction


def active_calls_to_action(series) -> list[CallToAction]:
    return list(CallToAction.objects.active().filter(series=series).select_related("organization"))
