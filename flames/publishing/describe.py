"""How an episode is described outside its page: in feeds, calendars and embeds."""

from html import escape

from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from flames.episodes.models import Episode, Speaker


def heading(episode: Episode) -> str:
    """'#121 Title' in the reader's language ('Title' when the number is unknown, and
    the placeholder alone, 'Episode 594', while no title is written)."""
    title = episode.display_title
    return f"#{episode.number} {title}" if episode.number and not episode.is_untitled else title


def speakers(episode: Episode) -> list[Speaker]:
    """The panel as the public sees it. The caller loads the shown appearances only
    (``episodes.selectors.with_speakers`` for feeds and calendars; the episode page its own)."""
    return [appearance.speaker for appearance in episode.appearances.all()]


def speaker_line(speaker: Speaker) -> str:
    """'Name, role' as the public sees them (plain text)."""
    return f"{speaker.name}, {speaker.role}" if speaker.role else speaker.name


def description_html(episode: Episode) -> str:
    """The summary and the panel as announced, as HTML for feed readers."""
    summary = episode.display_summary
    parts = [linebreaks(summary, autoescape=True)] if summary.strip() else []
    panel = speakers(episode)
    if panel:
        # html.escape rather than format_html: feeds describe up to 30 episodes of about five
        # speakers each, and Django's checks for lazy text took most of this function's time.
        label = escape(_("Speakers:"))  # outside the f-string, where makemessages finds it
        items = "".join(f"<li>{escape(speaker_line(speaker))}</li>" for speaker in panel)
        parts.append(f"<p>{label}</p><ul>{items}</ul>")
    return "".join(parts)


def description_text(episode: Episode, *, link: str = "", limit: int | None = None) -> str:
    """The same as plain text, for calendars; ``limit`` shortens the summary to that
    many characters of its first paragraph (the link leads to the rest)."""
    summary = episode.display_summary.strip()
    if limit is not None and summary:
        summary = Truncator(summary.split("\n\n", 1)[0].strip()).chars(limit)
    parts = [summary] if summary else []
    panel = speakers(episode)
    if panel:
        lines = "\n".join(f"- {speaker_line(speaker)}" for speaker in panel)
        label = _("Speakers:")
        parts.append(f"{label}\n{lines}")
    if link:
        parts.append(link)
    return "\n\n".join(parts)


def duration_seconds(episode: Episode) -> int | None:
    if episode.duration is None:
        return None
    seconds = int(episode.duration.total_seconds())
    return seconds if seconds > 0 else None


def iso_duration(episode: Episode) -> str | None:
    """ISO 8601 duration (PT1H5M30S) as schema.org wants it."""
    seconds = duration_seconds(episode)
    if seconds is None:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = "PT"
    if hours:
        text += f"{hours}H"
    if minutes:
        text += f"{minutes}M"
    if seconds or text == "PT":
        text += f"{seconds}S"
    return text
