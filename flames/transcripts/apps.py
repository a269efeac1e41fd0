from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "flames.transcripts"
    verbose_name = _("Transcripts")
    # What pages, feeds and search show (flames.changes): model, and the id announcing a row.
    public_models = {"Transcript": "pk", "Cue": "transcript_id"}

    def ready(self):
        from flames.people.signals import person_merged
        from flames.transcripts.services import take_over_cues

        person_merged.connect(take_over_cues, dispatch_uid="transcripts-merge")
