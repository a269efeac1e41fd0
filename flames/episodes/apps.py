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
