"""Signals of the transcripts app, and keeping cues' speakers when people are merged."""

from django.dispatch import Signal

from flames.people.models import Person, PersonRedirect

# Sent with ``transcript_ids`` when cues are written or changed in bulk, which sends no
# post_save: attaching a transcript, moving cues to another speaker.
cues_changed = Signal()


def keep_speakers_of_merged_person(sender, instance: Person, **kwargs) -> None:
    """Hand a merged duplicate's cues to the survivor before the duplicate is deleted.

    ``merge_people`` records the duplicate's address as a redirect to the survivor and
    then deletes the duplicate; without this its cues would lose their speaker.
    """
    from flames.transcripts.models import Cue

    redirect = PersonRedirect.objects.filter(old_slug=instance.slug).exclude(person=instance)
    survivor_id = redirect.values_list("person_id", flat=True).first()
    if survivor_id is None:
        return
    cues = Cue.objects.filter(speaker=instance)
    transcript_ids = set(cues.values_list("transcript_id", flat=True).distinct())
    if transcript_ids:
        cues.update(speaker_id=survivor_id)
        cues_changed.send(sender=Cue, transcript_ids=transcript_ids)
