"""sitemap.xml: an index of one sitemap per kind of page and language.

Each section is one language (``episodes-en``, ``episodes-uk`` …) so that a
page of the sitemap is a plain slice of a queryset: Django's own ``i18n`` mode
would load every episode of the archive for every page. Every URL lists its
translations (``xhtml:link hreflang``) and episodes with a video carry a
``video:video`` entry for search engines' video results.
"""

from functools import partial

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from flames.episodes.models import Episode
from flames.publishing import selectors
from flames.publishing.describe import duration_seconds, heading
from flames.publishing.identity import thumbnail_path, youtube_embed

VIDEO_DESCRIPTION_LIMIT = 2048
VIDEO_DURATION_LIMIT = 28_800  # seconds; search engines reject longer values


class LocalizedSitemap(Sitemap):
    """A sitemap section for one language, each URL with its translations."""

    language = settings.LANGUAGE_CODE

    def __init__(self, language: str):
        self.language = language

    def path(self, item) -> str:
        return item.get_absolute_url()

    def location(self, item):
        with translation.override(self.language):
            return self.path(item)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            url["alternates"] = []
            for code, _name in settings.LANGUAGES:
                if code == self.language:
                    location = url["location"]
                else:
                    with translation.override(code):
                        location = origin + self.path(url["item"])
                url["alternates"].append({"lang_code": code, "location": location})
            with translation.override(self.language):
                url["video"] = self.video(url["item"], origin)
        return urls

    def video(self, item, origin: str):
        return None


class PageSitemap(LocalizedSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "episodes:home",
            "episodes:list",
            "episodes:topics",
            "episodes:about",
            "people:directory",
            "support:how_to_help",
        ]

    def path(self, item):
        return reverse(item)


class EpisodeSitemap(LocalizedSitemap):
    # Search engines take up to 50,000 URLs a file. Small files keep an edit cheap:
    # the export renders the edited episode's file again, and crawlers fetch it again.
    limit = 250

    def items(self):
        return selectors.sitemap_episodes()

    def lastmod(self, episode: Episode):
        return episode.updated_at

    def get_latest_lastmod(self):
        # The framework would load every episode to find this.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def video(self, episode: Episode, origin: str):
        thumbnail = thumbnail_path(episode)
        if not thumbnail:
            return None
        description = episode.display_summary.strip() or episode.display_title
        seconds = duration_seconds(episode)
        return {
            "thumbnail_loc": origin + thumbnail,
            "title": heading(episode),
            "description": description[:VIDEO_DESCRIPTION_LIMIT],
            "player_loc": youtube_embed(episode),
            "duration": seconds if seconds and seconds <= VIDEO_DURATION_LIMIT else None,
            "publication_date": episode.air_time,
            "live": episode.is_upcoming,
        }


class TopicSitemap(LocalizedSitemap):
    def items(self):
        return selectors.sitemap_topics()


class PersonSitemap(LocalizedSitemap):
    limit = 5000

    def items(self):
        return selectors.sitemap_people()


class OrganizationSitemap(LocalizedSitemap):
    limit = 5000

    def items(self):
        return selectors.sitemap_organizations()


SECTIONS = {
    "pages": PageSitemap,
    "episodes": EpisodeSitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
}


def sitemaps() -> dict[str, partial]:
    """Sections by name; each request builds its own instances (they keep state)."""
    return {
        f"{name}-{code}": partial(section, code)
        for name, section in SECTIONS.items()
        for code, _language in settings.LANGUAGES
    }
