from django.utils.translation import get_language


def localized(instance, field: str) -> str:
    """The Ukrainian variant of ``field`` when the reader uses Ukrainian and an
    editor wrote one; the default (English) text otherwise."""
    if get_language() == "uk":
        return getattr(instance, f"{field}_uk") or getattr(instance, field)
    return getattr(instance, field)
