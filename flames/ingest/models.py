from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAnnouncement(models.Model):
    """An announcement text as it was imported, kept for provenance and re-imports.

    ``written`` holds the values this import put on its episode and panel: a value still
    equal to it belongs to the import, one that differs was changed by an editor and is
    never overwritten by a later import."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        LEFT_ALONE = "left alone", _("left alone")

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
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.CREATED
    )
    notes = models.JSONField(
        _("notes for review"),
        default=list,
        blank=True,
        help_text=_("Parser warnings, doubts and where the announcement differs from the site."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    written = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("imported announcement")
        verbose_name_plural = _("imported announcements")

    def __str__(self):
        return f"{self.source} → {self.episode}"
