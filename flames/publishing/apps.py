from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Feeds, podcast, calendar, sitemap, structured data and embeds: the doors
    through which readers follow the series without visiting the site."""

    name = "flames.publishing"
    verbose_name = _("Publishing")
