from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Feeds, podcast, calendar, sitemap, structured data and embeds: the doors
    through which readers follow the series without visiting the site."""

    name = "flames.publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.db.models.signals import pre_save

        from flames.episodes.models import Episode
        from flames.publishing.signals import count_schedule_changes

        pre_save.connect(
            count_schedule_changes, sender=Episode, dispatch_uid="publishing-schedule-sequence"
        )
