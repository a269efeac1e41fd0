from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EpisodesConfig(AppConfig):
    name = "flames.episodes"
    verbose_name = _("Series and episodes")
