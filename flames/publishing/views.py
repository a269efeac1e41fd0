from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_exempt

from flames.episodes.selectors import current_series
from flames.guard.request_guard import control_character_in
from flames.publishing import selectors
from flames.publishing.calendar import CONTENT_TYPE, build_calendar
from flames.publishing.conditional import conditional
from flames.publishing.describe import heading
from flames.publishing.identity import youtube_thumbnail
from flames.publishing.oembed import oembed_data
from flames.publishing.sitemaps import sitemaps
from flames.values.query_values import bounded_int
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404

SITEMAPS = sitemaps()
MAX_DIMENSION = 100_000
THUMBNAIL_CACHE_SECONDS = 24 * 3600


@public_page
@conditional(daily=True)
def calendar_feed(request):
    """Upcoming and recent episodes (see ``calendar_episodes``) as iCalendar."""
    series = found_or_404(current_series())
    body = build_calendar(
        selectors.calendar_episodes(),
        name=series.display_title,
        absolute=request.build_absolute_uri,
    )
    return HttpResponse(body, content_type=CONTENT_TYPE)


@public_page
@conditional()
def episode_calendar(request, slug):
    """One episode as an event to add to a calendar."""
    episode = found_or_404(selectors.calendar_episode(slug))
    body = build_calendar([episode], name=heading(episode), absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{episode.slug}.ics")
    return response


def _without_last_modified(response):
    # The sitemap framework dates responses itself; ``conditional`` does it for all.
    del response.headers["Last-Modified"]
    return response


@public_page
@conditional()
def sitemap_index(request):
    return _without_last_modified(
        sitemap_views.index(
            request, sitemaps=SITEMAPS, sitemap_url_name="publishing_root:sitemap_section"
        )
    )


# The framework reads the page number from "p".
@public_page(params=("p",))
@conditional()
def sitemap_section(request, section):
    return _without_last_modified(
        sitemap_views.sitemap(
            request, sitemaps=SITEMAPS, section=section, template_name="publishing/sitemap.xml"
        )
    )


@public_page
def robots(request):
    sitemap = request.build_absolute_uri(reverse("publishing_root:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _dimension(value: str) -> int | None:
    # Larger than any screen means no limit, as an absent value does.
    return bounded_int(value, low=1, high=MAX_DIMENSION)


@public_page(params=("format", "maxheight", "maxwidth", "url"))
def oembed(request):
    """oEmbed JSON for an episode page URL of this site."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse(status=501)
    try:
        address = urlsplit(request.GET.get("url", ""))
    except ValueError:  # "http://[": not a URL at all
        raise Http404("Not a page of this site") from None
    if address.scheme not in ("http", "https") or address.netloc != request.get_host():
        raise Http404("Not a page of this site")
    path = unquote(address.path)
    if control_character_in(path):  # no address of this site holds one
        raise Http404("Not a page of this site")
    language = translation.get_language_from_path(path)
    if language is None:
        raise Http404("Not a page of this site")
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            raise Http404("Not a page of this site") from None
        if match.view_name != "episodes:detail":
            raise Http404("Only episode pages can be embedded")
        episode = selectors.public_episode(match.kwargs["slug"])
        if episode is None:
            raise Http404("No such episode")
        data = oembed_data(
            episode,
            absolute=request.build_absolute_uri,
            maxwidth=_dimension(request.GET.get("maxwidth", "")),
            maxheight=_dimension(request.GET.get("maxheight", "")),
        )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def thumbnail(request, slug):
    """Send image fetchers on to the episode's YouTube still."""
    episode = selectors.public_episode(slug)
    target = youtube_thumbnail(episode) if episode else None
    if target is None:
        raise Http404("No video still for this episode")
    response = HttpResponseRedirect(target)
    patch_cache_control(response, public=True, max_age=THUMBNAIL_CACHE_SECONDS)
    return response


def _frameable_policy() -> str:
    directives = [
        directive.strip()
        for directive in settings.CONTENT_SECURITY_POLICY.split(";")
        if directive.strip() and not directive.strip().startswith("frame-ancestors")
    ]
    return "; ".join([*directives, "frame-ancestors *"])


@public_page
@xframe_options_exempt
def embed(request, slug):
    """The player facade alone, for other sites to frame (see ``oembed``)."""
    # The episode and its series only: the facade shows neither speakers nor topics.
    episode = selectors.public_episode(slug)
    if episode is None:
        raise Http404("No such episode")
    response = render(
        request, "publishing/embed.html", {"episode": episode, "heading": heading(episode)}
    )
    response["Content-Security-Policy"] = _frameable_policy()
    response["X-Robots-Tag"] = "noindex"
    return response
