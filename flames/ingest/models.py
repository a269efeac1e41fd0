from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAnnouncement(models.Model):
    """An announcement text as it was imported, kept for provenance and re-imports."""

    episode = models.ForeignKey(
        "episodes.Episode",
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("episode"),
    )
    language = models.CharField(_("language"), max_length=2)
    source = models.CharField(_("source"), max_length=500, help_text=_("File name or 'pasted'."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    text = models.TextField(_("text"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("imported announcement")
        verbose_name_plural = _("imported announcements")

    def __str__(self):
        return f"{self.source} → {self.episode}"
