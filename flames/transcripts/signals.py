"""Keeping cues' speakers when people are merged."""

from flames import changes
from flames.people.models import Person, PersonRedirect


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
        # A bulk update sends no signal.
        changes.announce(Cue, transcript_ids)
