from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportConfig(AppConfig):
    """The static mirror: every public page as plain files, with a search index."""

    name = "flames.export"
    verbose_name = _("Static export")

    def ready(self):
        from flames import changes as content
        from flames.export import changes

        content.content_changed.connect(changes.record_change, dispatch_uid="export-changes")
