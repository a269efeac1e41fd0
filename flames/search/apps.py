from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "flames.search"
    verbose_name = _("Search")

    def ready(self):
        from flames import changes
        from flames.search import signals

        changes.content_changed.connect(signals.content_changed, dispatch_uid="search-index")
