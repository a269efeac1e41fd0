from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "flames.transcripts"
    verbose_name = _("Transcripts")
    # What pages, feeds and search show (flames.changes): model, and the id announcing a row.
    public_models = {"Transcript": "pk", "Cue": "transcript_id"}

    def ready(self):
        from django.db.models.signals import pre_delete

        from flames.people.models import Person
        from flames.transcripts.signals import keep_speakers_of_merged_person

        pre_delete.connect(
            keep_speakers_of_merged_person, sender=Person, dispatch_uid="transcripts-merge"
        )
