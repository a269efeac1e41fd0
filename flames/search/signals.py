"""Keep the search index current: changes are collected during a transaction and
indexed once it commits, each object once however often it was saved (an import saves
hundreds of rows in one transaction)."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

_STATE = "_flames_search_pending"
# Changes of committed transactions collected by ``batched()``, or None.
_BATCH: ContextVar[dict[str, set[int]] | None] = ContextVar("search_batch", default=None)


@contextmanager
def batched():
    """Index the changes of many transactions once, at the end: an import commits each
    file on its own, and indexing a thousand episodes together costs a fraction of
    indexing them one by one. Only committed changes are collected, and they are
    indexed even when the block ends with an error (a process killed outright leaves
    them to ``flames search rebuild``)."""
    batch: dict[str, set[int]] = {}
    token = _BATCH.set(batch)
    try:
        yield
    finally:
        _BATCH.reset(token)
        if batch:
            _reindex(batch)


def schedule(kind: str, ids) -> None:
    """Reindex these objects when the current transaction commits (now, outside one)."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    connection = transaction.get_connection()
    state = connection.__dict__.setdefault(_STATE, {"pending": {}, "callback": None})
    state["pending"].setdefault(kind, set()).update(ids)
    callback = state["callback"]
    # A callback registered in a savepoint that was rolled back is gone: register again.
    if callback is None or not any(entry[1] is callback for entry in connection.run_on_commit):
        state["callback"] = partial(_flush, connection)
        transaction.on_commit(state["callback"])


def _flush(connection) -> None:
    state = connection.__dict__.get(_STATE)
    if not state or not state["pending"]:
        return
    pending, state["pending"], state["callback"] = state["pending"], {}, None
    batch = _BATCH.get()
    if batch is None:
        _reindex(pending)
    else:
        for kind, ids in pending.items():
            batch.setdefault(kind, set()).update(ids)


def _reindex(pending: dict[str, set[int]]) -> None:
    from flames.search.services import reindex

    reindex(pending)


def _receiver(kind: str, field: str = "pk"):
    def receiver(sender, instance, **kwargs):
        schedule(kind, [getattr(instance, field)])

    return receiver


def _topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # episode.topics.add(...)
        if action in ("post_add", "post_remove", "post_clear"):
            schedule("episode", [instance.pk])
    elif action in ("post_add", "post_remove"):  # topic.episodes.add(...)
        schedule("episode", pk_set or ())
    elif action == "pre_clear":
        schedule("episode", instance.episodes.values_list("pk", flat=True))


def _cues_changed(sender, transcript_ids, **kwargs):
    schedule("transcript", transcript_ids)


_RECEIVERS = []


def connect() -> None:
    from flames.episodes.models import Appearance, Episode, Topic
    from flames.people.models import Organization, OrganizationName, Person, PersonName, Position
    from flames.transcripts.models import Transcript
    from flames.transcripts.signals import cues_changed

    watched = [
        (Episode, "episode", "pk"),
        (Appearance, "episode_entry", "episode_id"),
        (Person, "person", "pk"),
        (PersonName, "person", "person_id"),
        (Position, "person", "person_id"),
        (Organization, "organization", "pk"),
        (OrganizationName, "organization", "organization_id"),
        (Topic, "topic", "pk"),
        (Transcript, "transcript", "pk"),
    ]
    for model, kind, field in watched:
        receiver = _receiver(kind, field)
        _RECEIVERS.append(receiver)  # signals hold receivers weakly
        uid = f"search-{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
    # Deleting cascades without signals: note what showed the deleted thing first.
    pre_delete.connect(_speaker_deleted, sender=Person, dispatch_uid="search-person-cues")
    pre_delete.connect(_topic_deleted, sender=Topic, dispatch_uid="search-topic-episodes")
    m2m_changed.connect(_topics_changed, sender=Episode.topics.through, dispatch_uid="search-m2m")
    cues_changed.connect(_cues_changed, dispatch_uid="search-cues")


def _speaker_deleted(sender, instance, **kwargs):
    from flames.transcripts.models import Cue

    schedule(
        "transcript",
        Cue.objects.filter(speaker=instance).values_list("transcript_id", flat=True).distinct(),
    )


def _topic_deleted(sender, instance, **kwargs):
    schedule("episode", instance.episodes.values_list("pk", flat=True))
