"""The transcript on an episode page, rendered in Python: an hour of speech is about a
thousand cues, and a template loop over them would cost more than the rest of the page."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from flames.episodes.models import Episode
from flames.transcripts.models import Transcript, clock
from flames.transcripts.selectors import Label

register = template.Library()


@register.simple_tag
def transcript_cues(transcript: Transcript, episode: Episode) -> SafeString:
    """One paragraph per cue: its time (a link that plays the video from there when the
    episode is on YouTube), the speaker where the speaker changes, and the words.

    The speaker is the cue's public label (``episode.cue_speakers``, set by
    ``with_transcripts_for_page``); a speaker who may not be named is still told apart
    from the one before, so their words are not credited to them."""
    video = episode.youtube_id
    speakers = episode.cue_speakers
    shown: dict[int | str, str] = {}
    previous = None
    parts = []
    for cue in transcript.cues.all():
        seconds = cue.start_ms // 1000
        if video:
            stamp = (
                f'<a class="cue-time" href="https://www.youtube.com/watch?v={escape(video)}'
                f'&amp;t={seconds}s" data-start="{seconds}">{clock(cue.start_ms)}</a>'
            )
        else:
            stamp = f'<span class="cue-time">{clock(cue.start_ms)}</span>'
        who = cue.speaker_id or cue.voice
        speaker = ""
        if who and who != previous:
            if who not in shown:
                shown[who] = _speaker(speakers.label(cue.speaker, cue.voice))
            speaker = shown[who]
        previous = who
        parts.append(
            f'<p class="cue" id="cue-{transcript.language}-{cue.position}">{stamp} '
            f"{speaker}{escape(cue.text)}</p>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped


def _speaker(label: Label | None) -> str:
    if label is None:
        return format_html('<b class="cue-speaker">{}</b>: ', gettext("Another speaker"))
    if label.url:
        return format_html('<a class="cue-speaker" href="{}">{}</a>: ', label.url, label.name)
    return format_html('<b class="cue-speaker">{}</b>: ', label.name)
