from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpisodesConfig(AppConfig):
    name = "flames.episodes"
    verbose_name = _("Series and episodes")
    # What pages, feeds and search show (flames.changes): model, and the id announcing a row.
    public_models = {
        "Series": "pk",
        "Partnership": "pk",
        "Topic": "pk",
        "Episode": "pk",
        "Episode_topics": "episode_id",
        "Appearance": "episode_id",
    }

    def ready(self):
        from django.db.models.signals import pre_save

        from flames.episodes import services
        from flames.episodes.models import Episode
        from flames.people.signals import organization_merged, person_merged

        person_merged.connect(services.take_over_appearances, dispatch_uid="episodes-merge")
        organization_merged.connect(
            services.take_over_partnerships, dispatch_uid="episodes-merge-organizations"
        )
        pre_save.connect(
            services.count_schedule_changes, sender=Episode, dispatch_uid="schedule-sequence"
        )
