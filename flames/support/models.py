import reversion
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from flames.people.models import Organization
from flames.values import periods
from flames.values.fields import LinkField
from flames.values.localized import localized


class CallToActionQuerySet(models.QuerySet):
    def active(self, day=None):
        day = day or timezone.localdate()
        return self.filter(periods.contains(day, start="starts_on", end="ends_on"))


@reversion.register()
class CallToAction(models.Model):
    """Something a reader can do for Ukraine: read recommendations, donate, sign."""

    class Kind(models.TextChoices):
        RECOMMENDATIONS = "recommendations", _("Recommendations")
        DONATION = "donation", _("Donation")
        PETITION = "petition", _("Petition")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_uk = models.TextField(_("description (Ukrainian)"), blank=True)
    url = LinkField(
        _("link"), blank=True, help_text=_("Leave empty if unknown; no link is shown then.")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="calls_to_action",
        verbose_name=_("run by"),
    )
    series = models.ForeignKey(
        "episodes.Series",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calls_to_action",
        verbose_name=_("series default for"),
        help_text=_("Shown with every episode of this series."),
    )
    episodes = models.ManyToManyField(
        "episodes.Episode",
        blank=True,
        related_name="calls_to_action",
        verbose_name=_("also on episodes"),
    )
    starts_on = models.DateField(_("active from"), null=True, blank=True)
    ends_on = models.DateField(_("active until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CallToActionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("call to action")
        verbose_name_plural = _("calls to action")

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_description(self) -> str:
        return localized(self, "description")
