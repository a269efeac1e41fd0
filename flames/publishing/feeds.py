"""RSS 2.0 and Atom feeds of published episodes: the series, a topic, a person.

Each feed carries the newest ``FEED_LIMIT`` (30) published episodes of its
scope, newest first; older episodes stay on the site's archive pages. A feed
request costs a fixed number of queries (series or subject, episodes, their
speakers, their topics), answers conditional requests with 304 (see
``conditional``), and is shareable by the page cache (``public_page``).
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseGone
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from flames.episodes.models import Episode
from flames.episodes.selectors import current_series, topic_by_slug
from flames.publishing import selectors
from flames.publishing.conditional import conditional
from flames.publishing.describe import description_html, heading
from flames.publishing.identity import episode_uuid
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404


class Withdrawn(Exception):
    """The feed's subject was withdrawn: answered 410 Gone, naming no one."""


class DatedByAirTimes:
    """Dates the feed by the episodes that have an air time (their airing or their last
    edit, whichever is later), never by one without: that one would date the whole feed
    by the day the archive was imported. A feed of undated episodes only is dated by
    their last edit."""

    def latest_post_date(self):
        items = [item for item in self.items if item["pubdate"]] or self.items
        dates = [item[key] for item in items for key in ("pubdate", "updateddate") if item[key]]
        return max(dates) if dates else super().latest_post_date()


class EpisodeRss(DatedByAirTimes, Rss201rev2Feed):
    pass


class EpisodeAtom(DatedByAirTimes, Atom1Feed):
    pass


class EpisodeFeed(Feed):
    """The newest published episodes of the series (at most ``FEED_LIMIT``)."""

    feed_type = EpisodeRss
    # True when the feed depends on today's date as well as on the content.
    daily = False

    @classmethod
    def as_view(cls):
        """A view building a fresh feed per request (feeds keep the request on self)."""

        @public_page
        @conditional(daily=cls.daily)
        def view(request, *args, **kwargs):
            try:
                return cls()(request, *args, **kwargs)
            except Withdrawn:
                return HttpResponseGone(
                    _("These episodes are no longer published here."),
                    content_type="text/plain; charset=utf-8",
                )

        view.__name__ = view.__qualname__ = cls.__name__
        return view

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # The framework dates the response by its newest item; ``conditional``
        # sets the Last-Modified that its 304s are based on instead.
        del response.headers["Last-Modified"]
        return response

    def get_object(self, request, *args, **kwargs):
        self.series = found_or_404(current_series())
        return self.series

    # The channel

    def title(self, obj):
        return self.series.display_title

    def link(self, obj):
        return reverse("episodes:home")

    def description(self, obj):
        return self.series.display_mission

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self, obj):
        return self.series.display_title

    def items(self, obj):
        return selectors.feed_episodes()

    # Each episode

    def item_title(self, item: Episode):
        # Plain text, escaped once: Django's default escapes twice, which readers
        # such as feedparser then show as "&amp;".
        return heading(item)

    def item_description(self, item: Episode):
        return description_html(item)

    def item_link(self, item: Episode):
        return item.get_absolute_url()

    def item_guid(self, item: Episode):
        return f"urn:uuid:{episode_uuid(item)}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Episode):
        # None leaves pubDate (Atom: published) out, as RSS 2.0 allows: an episode without
        # an air time is not dated by the day it was imported.
        return item.air_time

    def item_updateddate(self, item: Episode):
        # Atom needs an entry's <updated>: the last edit, which is what it means.
        return item.updated_at

    def item_categories(self, item: Episode):
        return [topic.display_name for topic in item.topics.all()]


class AtomMixin:
    feed_type = EpisodeAtom


class TopicFeed(EpisodeFeed):
    """The newest published episodes on one topic (at most ``FEED_LIMIT``)."""

    def get_object(self, request, slug):
        self.series = found_or_404(current_series())
        return found_or_404(topic_by_slug(slug))

    def title(self, topic):
        return _("%(series)s: %(topic)s") % {
            "series": self.series.display_title,
            "topic": topic.display_name,
        }

    def link(self, topic):
        return topic.get_absolute_url()

    def description(self, topic):
        return _("New episodes of %(series)s about %(topic)s.") % {
            "series": self.series.display_title,
            "topic": topic.display_name,
        }

    def items(self, topic):
        return selectors.feed_episodes(topic=topic)


class PersonFeed(EpisodeFeed):
    """The newest published episodes with one person (at most ``FEED_LIMIT``), where
    they appear by their name. A protected person has no feed, as they have no page; a
    withdrawn one's feed is gone."""

    def get_object(self, request, slug):
        self.series = found_or_404(current_series())
        person = found_or_404(selectors.person_for_feed(slug))
        if person.withdrawn_at is not None:
            raise Withdrawn
        return person

    def title(self, person):
        return _("%(series)s with %(person)s") % {
            "series": self.series.display_title,
            "person": person.name,
        }

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return _("New episodes of %(series)s with %(person)s.") % {
            "series": self.series.display_title,
            "person": person.name,
        }

    def items(self, person):
        return selectors.feed_episodes(person=person)


class EpisodeAtomFeed(AtomMixin, EpisodeFeed):
    pass


class TopicAtomFeed(AtomMixin, TopicFeed):
    pass


class PersonAtomFeed(AtomMixin, PersonFeed):
    pass
