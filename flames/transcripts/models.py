from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from flames.episodes.models import Episode
from flames.people.models import Person


class Transcript(models.Model):
    """What was said in an episode, in one language, as timed cues."""

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="transcripts", verbose_name=_("episode")
    )
    language = models.CharField(_("language"), max_length=2, choices=Episode.Language.choices)
    source_name = models.CharField(
        _("file name"), max_length=255, blank=True, help_text=_("The file it was read from.")
    )
    created_at = models.DateTimeField(_("attached"), auto_now_add=True)

    class Meta:
        ordering = ["episode", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "language"], name="one_transcript_per_language"
            )
        ]
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self):
        return f"{self.episode} ({self.get_language_display()})"

    def get_absolute_url(self):
        """The WebVTT file. Reads ``self.episode``: load transcripts through their episode
        (a prefetch from it sets the episode) so that costs no query."""
        return reverse(
            "transcripts:webvtt", kwargs={"slug": self.episode.slug, "language": self.language}
        )


class Cue(models.Model):
    """One caption: a stretch of speech with its time and, when known, its speaker."""

    transcript = models.ForeignKey(
        Transcript, on_delete=models.CASCADE, related_name="cues", verbose_name=_("transcript")
    )
    position = models.PositiveIntegerField(_("position"))
    start_ms = models.PositiveIntegerField(_("start (ms)"))
    end_ms = models.PositiveIntegerField(_("end (ms)"))
    text = models.TextField(_("text"))
    voice = models.CharField(
        _("voice"), max_length=200, blank=True, help_text=_("The speaker as the file names them.")
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transcript_cues",
        verbose_name=_("speaker"),
    )

    class Meta:
        ordering = ["transcript", "position"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "position"], name="one_cue_per_position")
        ]
        verbose_name = _("cue")
        verbose_name_plural = _("cues")

    def __str__(self):
        return f"{self.timestamp} {self.text[:60]}"

    @property
    def start_seconds(self) -> int:
        return self.start_ms // 1000

    @property
    def timestamp(self) -> str:
        return clock(self.start_ms)


def clock(ms: int) -> str:
    """12:34 or 1:02:03, as video players show times."""
    minutes, seconds = divmod(ms // 1000, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
