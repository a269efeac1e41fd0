"""Signals of the transcripts app."""

from django.dispatch import Signal

# Sent with ``transcript_ids`` when cues are written or changed in bulk, which sends no
# post_save: attaching a transcript, moving cues to another speaker.
cues_changed = Signal()
