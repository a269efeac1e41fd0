"""The podcast feed: RSS 2.0 with Apple's tags and the Podcasting 2.0 namespace.

An episode becomes an item only once an editor gives it a media file (URL,
size, type); episodes without one are left out rather than sent broken. Like
the other feeds it carries the newest ``FEED_LIMIT`` (30) items.

Channel: itunes:author/owner/image/category/explicit/type, podcast:guid (UUIDv5
of the feed URL, as the namespace prescribes), podcast:locked, podcast:funding
(the donation call to action active today, when it has a link), podcast:medium.
Items: enclosure, a GUID that survives slug edits, itunes:duration/episode and
a podcast:person for every speaker as the episode shows them, with their role and
a link to their page (a protected speaker: the name shown alone, no link), and a
podcast:transcript for every transcript, linking to its WebVTT file.
"""

from dataclasses import dataclass, field

from django.templatetags.static import static

from flames.episodes.models import Appearance, Episode
from flames.episodes.selectors import current_series
from flames.publishing import selectors
from flames.publishing.describe import duration_seconds, speakers
from flames.publishing.feeds import EpisodeFeed, EpisodeRss
from flames.publishing.identity import media_type, podcast_guid
from flames.web.pages import found_or_404

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
COVER = "publishing/podcast-cover.png"

# Podcast Taxonomy Project roles (group "cast"); a panel's moderator hosts it.
ROLES = {
    Appearance.Part.GUEST: "guest",
    Appearance.Part.HOST: "host",
    Appearance.Part.MODERATOR: "host",
}


@dataclass(frozen=True)
class Channel:
    author: str
    image: str
    guid: str
    owner_name: str
    owner_email: str = ""
    funding_url: str = ""
    funding_text: str = ""
    categories: tuple = (("News", ("Politics",)),)


@dataclass(frozen=True)
class PodcastPerson:
    name: str
    role: str
    href: str = ""  # none for a protected speaker


@dataclass(frozen=True)
class Transcript:
    url: str
    type: str
    language: str = ""
    rel: str = ""


@dataclass
class ItemExtras:
    number: int | None = None
    seconds: int | None = None
    people: list[PodcastPerson] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)


class PodcastFeedGenerator(EpisodeRss):
    """RSS 2.0 plus the itunes and podcast namespaces."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        channel: Channel = self.feed["channel"]
        handler.startElement("image", {})
        handler.addQuickElement("url", channel.image)
        handler.addQuickElement("title", self.feed["title"])
        handler.addQuickElement("link", self.feed["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:author", channel.author)
        handler.addQuickElement("itunes:summary", self.feed["description"])
        if channel.owner_email:
            handler.startElement("itunes:owner", {})
            handler.addQuickElement("itunes:name", channel.owner_name)
            handler.addQuickElement("itunes:email", channel.owner_email)
            handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:image", attrs={"href": channel.image})
        for category, subcategories in channel.categories:
            handler.startElement("itunes:category", {"text": category})
            for subcategory in subcategories:
                handler.addQuickElement("itunes:category", attrs={"text": subcategory})
            handler.endElement("itunes:category")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("podcast:guid", channel.guid)
        locked = {"owner": channel.owner_email} if channel.owner_email else {}
        handler.addQuickElement("podcast:locked", "yes", locked)
        if channel.funding_url:
            handler.addQuickElement(
                "podcast:funding", channel.funding_text[:128], {"url": channel.funding_url}
            )
        handler.addQuickElement("podcast:medium", "podcast")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        extras: ItemExtras = item["extras"]
        handler.addQuickElement("itunes:episodeType", "full")
        if extras.number:
            handler.addQuickElement("itunes:episode", str(extras.number))
        if extras.seconds:
            handler.addQuickElement("itunes:duration", str(extras.seconds))
        handler.addQuickElement("itunes:explicit", "false")
        for person in extras.people:
            attrs = {"role": person.role}
            if person.href:
                attrs["href"] = person.href
            handler.addQuickElement("podcast:person", person.name, attrs)
        for transcript in extras.transcripts:
            attrs = {"url": transcript.url, "type": transcript.type}
            if transcript.language:
                attrs["language"] = transcript.language
            if transcript.rel:
                attrs["rel"] = transcript.rel
            handler.addQuickElement("podcast:transcript", attrs=attrs)


class PodcastFeed(EpisodeFeed):
    """Published episodes with a media file, newest first (at most ``FEED_LIMIT``)."""

    feed_type = PodcastFeedGenerator
    # podcast:funding follows the donation call to action active today.
    daily = True

    def get_object(self, request, *args, **kwargs):
        self.series = found_or_404(current_series())
        self.donation = selectors.donation_for(self.series)
        return self.series

    def items(self, obj):
        return selectors.podcast_episodes()

    def feed_extra_kwargs(self, obj):
        feed_url = self.request.build_absolute_uri(self.request.path)
        donation = self.donation
        return {
            "channel": Channel(
                author=self.series.display_title,
                image=self.request.build_absolute_uri(static(COVER)),
                guid=str(podcast_guid(feed_url)),
                owner_name=self.series.display_title,
                owner_email=self.series.contact_email,
                funding_url=donation.url if donation else "",
                funding_text=donation.display_title if donation else "",
            )
        }

    def item_enclosure_url(self, item: Episode):
        return item.media_url

    def item_enclosure_length(self, item: Episode):
        return item.media_size or 0

    def item_enclosure_mime_type(self, item: Episode):
        return media_type(item)

    def item_extra_kwargs(self, item: Episode):
        return {
            "extras": ItemExtras(
                number=item.number,
                seconds=duration_seconds(item),
                people=[
                    PodcastPerson(
                        name=speaker.name,
                        role=ROLES.get(speaker.part, "guest"),
                        href=self.request.build_absolute_uri(speaker.url) if speaker.url else "",
                    )
                    for speaker in speakers(item)
                ],
                transcripts=self.item_transcripts(item),
            )
        }

    def item_transcripts(self, item: Episode) -> list[Transcript]:
        """Every stored transcript, as the WebVTT file players show as captions."""
        return [
            Transcript(
                url=self.request.build_absolute_uri(transcript.get_absolute_url()),
                type="text/vtt",
                language=transcript.language,
                rel="captions",
            )
            for transcript in item.transcripts.all()
        ]
