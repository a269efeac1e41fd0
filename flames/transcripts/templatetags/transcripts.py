"""The transcript on an episode page, rendered in Python: an hour of speech is about a
thousand cues, and a template loop over them would cost more than the rest of the page."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from flames.episodes.models import Episode
from flames.transcripts.models import Transcript, clock

register = template.Library()


@register.simple_tag
def transcript_cues(transcript: Transcript, episode: Episode) -> SafeString:
    """One paragraph per cue: its time (a link that plays the video from there when the
    episode is on YouTube), the speaker where the speaker changes, and the words."""
    video = episode.youtube_id
    person_links: dict[int, str] = {}
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
            if cue.speaker_id:
                if cue.speaker_id not in person_links:
                    person_links[cue.speaker_id] = format_html(
                        '<a class="cue-speaker" href="{}">{}</a>: ',
                        cue.speaker.get_absolute_url(),
                        cue.speaker.name,
                    )
                speaker = person_links[cue.speaker_id]
            else:
                speaker = f'<b class="cue-speaker">{escape(cue.voice)}</b>: '
        previous = who
        parts.append(
            f'<p class="cue" id="cue-{transcript.language}-{cue.position}">{stamp} '
            f"{speaker}{escape(cue.text)}</p>"
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped
