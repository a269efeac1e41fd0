from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "flames.transcripts"
    verbose_name = _("Transcripts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from flames.people.signals import person_merged
        from flames.transcripts.models import Transcript
        from flames.transcripts.services import take_over_cues
        from flames.web.pagecache import content_changed

        # Cues are written in bulk with their transcript; its save stands for them.
        post_save.connect(content_changed, sender=Transcript, dispatch_uid="cache-transcript")
        post_delete.connect(content_changed, sender=Transcript, dispatch_uid="cache-d-transcript")
        person_merged.connect(take_over_cues, dispatch_uid="transcripts-merge")
