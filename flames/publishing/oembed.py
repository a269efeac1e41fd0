"""oEmbed (https://oembed.com) answers for episode pages.

An episode with a YouTube video is a "video" whose HTML is an iframe of the
site's own embed page: the same facade as the episode page, so nothing is
loaded from YouTube until the reader presses play. Any other episode is a
"link" with a title, an author and (when there is one) a thumbnail.
"""

from django.urls import reverse
from django.utils.html import format_html

from flames.episodes.models import Episode
from flames.publishing.describe import heading
from flames.publishing.identity import thumbnail_path
from flames.web.addresses import slug_url

DEFAULT_WIDTH = 640
THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT = 480, 360
CACHE_AGE = 3600


def _size(maxwidth: int | None, maxheight: int | None) -> tuple[int, int]:
    """16:9, no wider than DEFAULT_WIDTH, within what the consumer allows."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    height = round(width * 9 / 16)
    if maxheight and height > maxheight:
        height = maxheight
        width = round(height * 16 / 9)
    return width, height


def oembed_data(
    episode: Episode, *, absolute, maxwidth: int | None = None, maxheight: int | None = None
) -> dict:
    series = episode.series
    home = absolute(reverse("episodes:home"))
    data = {
        "version": "1.0",
        "type": "link",
        "title": heading(episode),
        "author_name": series.display_title,
        "author_url": home,
        "provider_name": series.display_title,
        "provider_url": home,
        "cache_age": CACHE_AGE,
    }
    thumbnail = thumbnail_path(episode)
    fits = (maxwidth or THUMBNAIL_WIDTH) >= THUMBNAIL_WIDTH and (
        maxheight or THUMBNAIL_HEIGHT
    ) >= THUMBNAIL_HEIGHT
    if thumbnail and fits:
        data.update(
            thumbnail_url=absolute(thumbnail),
            thumbnail_width=THUMBNAIL_WIDTH,
            thumbnail_height=THUMBNAIL_HEIGHT,
        )
    if episode.youtube_id:
        width, height = _size(maxwidth, maxheight)
        embed = absolute(slug_url("publishing:embed", episode.slug))
        data.update(
            type="video",
            width=width,
            height=height,
            html=format_html(
                '<iframe src="{}" width="{}" height="{}" title="{}" frameborder="0" '
                'allow="autoplay; encrypted-media; picture-in-picture; fullscreen" '
                "allowfullscreen></iframe>",
                embed,
                width,
                height,
                heading(episode),
            ),
        )
    return data
