from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info


def site(request):
    """What every page's frame needs: the series name and the language switcher."""
    from flames.episodes.models import Series

    current = get_language()
    path = request.get_full_path()
    return {
        "site_series": SimpleLazyObject(Series.objects.first),
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                # The page's own address needs no resolving and reversing again.
                "url": path if code == current else _translated(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }


def _translated(path: str, code: str) -> str:
    try:
        return translate_url(path, code)
    except ValueError:  # a path urllib cannot read ("//[" looks like a broken host)
        return f"/{code}/"
