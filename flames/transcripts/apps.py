from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "flames.transcripts"
    verbose_name = _("Transcripts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_delete

        from flames.pagecache import content_changed
        from flames.people.models import Person
        from flames.transcripts.models import Transcript
        from flames.transcripts.signals import keep_speakers_of_merged_person

        # Cues are written in bulk with their transcript; its save stands for them.
        post_save.connect(content_changed, sender=Transcript, dispatch_uid="cache-transcript")
        post_delete.connect(content_changed, sender=Transcript, dispatch_uid="cache-d-transcript")
        pre_delete.connect(
            keep_speakers_of_merged_person, sender=Person, dispatch_uid="transcripts-merge"
        )
