from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, set_script_prefix
from django.utils import translation

from flames.web.addresses import slug_url


def _view(request, slug):
    return HttpResponse(slug)


# A URL configuration naming an episode page elsewhere, for the test below.
episode_pages = [path("<str:slug>/", _view, name="detail")]
urlpatterns = [path("elsewhere/", include((episode_pages, "episodes")))]


def test_an_address_follows_the_language():
    with translation.override("en"):
        assert slug_url("episodes:detail", "kyiv-talks") == "/en/episodes/kyiv-talks/"
    with translation.override("uk"):
        assert slug_url("episodes:detail", "kyiv-talks") == "/uk/episodes/kyiv-talks/"
        assert slug_url("people:person", "olga-stefanishyna") == "/uk/people/olga-stefanishyna/"
    with translation.override("en"):
        assert slug_url("episodes:detail", "kyiv-talks") == "/en/episodes/kyiv-talks/"


def test_an_address_follows_the_script_prefix():
    with translation.override("en"):
        assert slug_url("episodes:topic", "energy") == "/en/topics/energy/"
        set_script_prefix("/mirror/")
        try:
            assert slug_url("episodes:topic", "energy") == "/mirror/en/topics/energy/"
        finally:
            set_script_prefix("/")
        assert slug_url("episodes:topic", "energy") == "/en/topics/energy/"


def test_an_address_follows_the_url_configuration():
    with translation.override("en"):
        assert slug_url("episodes:detail", "kyiv-talks") == "/en/episodes/kyiv-talks/"
        with override_settings(ROOT_URLCONF=__name__):
            assert slug_url("episodes:detail", "kyiv-talks") == "/elsewhere/kyiv-talks/"
        assert slug_url("episodes:detail", "kyiv-talks") == "/en/episodes/kyiv-talks/"
