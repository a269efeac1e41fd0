from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info


def site(request):
    """What every page's frame needs: the series name and the language switcher."""
    from flames.episodes.selectors import main_series

    current = get_language()
    # One leading slash: "//example.org/x/" (a 404) would link to another host, and
    # "//[" would not parse at all.
    path = "/" + request.get_full_path().lstrip("/")
    return {
        "site_series": SimpleLazyObject(main_series),
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                # The page's own address needs no resolving and reversing again.
                "url": path if code == current else translate_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }
