"""Identifiers and URLs that must not change between requests or hosts."""

import mimetypes
import uuid

from flames.episodes.models import Episode
from flames.web.addresses import slug_url

# Namespace for episode identifiers (feed GUIDs, Atom ids, calendar UIDs). Never change it:
# readers, podcast apps and calendars use these ids to tell new items from known ones.
EPISODE_NAMESPACE = uuid.UUID("5b0f3a9e-8f25-4d3c-9a54-1c7f6f0c2a21")
# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL in this namespace.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def episode_uuid(episode: Episode) -> uuid.UUID:
    """Stable across slug edits, languages and hosts: derived from the primary key."""
    return uuid.uuid5(EPISODE_NAMESPACE, f"episode:{episode.pk}")


def podcast_guid(feed_url: str) -> uuid.UUID:
    """The Podcasting 2.0 GUID: scheme and trailing slashes stripped from the feed URL."""
    address = feed_url.split("://", 1)[-1].rstrip("/")
    return uuid.uuid5(PODCAST_NAMESPACE, address)


def media_type(episode: Episode) -> str:
    if episode.media_type:
        return episode.media_type
    guessed, _encoding = mimetypes.guess_type(episode.media_url.split("?", 1)[0])
    return guessed or "application/octet-stream"


def youtube_thumbnail(episode: Episode) -> str | None:
    """YouTube's 480×360 still of the video, the same one its own previews use."""
    video = episode.youtube_id
    return f"https://i.ytimg.com/vi/{video}/hqdefault.jpg" if video else None


def thumbnail_path(episode: Episode) -> str | None:
    """The site's own address for the video still; it redirects to YouTube's.

    Pages name only this address, so a page carries no third-party URL at all;
    only link-preview robots and search engines that fetch the image follow it.
    """
    if not episode.youtube_id:
        return None
    return slug_url("publishing_root:thumbnail", episode.slug)


def youtube_embed(episode: Episode) -> str | None:
    video = episode.youtube_id
    return f"https://www.youtube-nocookie.com/embed/{video}" if video else None


def youtube_watch(episode: Episode) -> str | None:
    video = episode.youtube_id
    return f"https://www.youtube.com/watch?v={video}" if video else None
