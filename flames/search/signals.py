"""Keep the search index current: each transaction that changes something indexed
also marks it pending (``PendingChange``), and once it commits, the pending marks are
indexed and removed together. The marks make this hold whatever stops a process after a
commit: the next reindex, by any process, picks up what was left."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

_STATE = "_flames_search_pending"
# True inside ``batched()``: commits leave their marks to the end of the block.
_BATCHED: ContextVar[bool] = ContextVar("search_batched", default=False)


@contextmanager
def batched():
    """Index the changes of many transactions once, at the end: an import commits each
    file on its own, and indexing a thousand episodes together costs a fraction of
    indexing them one by one. Marks are written with each commit, so what a killed
    process committed is indexed by the next reindex (the next import indexes whatever
    is pending at its end, even when it changed nothing); at the end of the block, even
    one ending with an error, everything pending is indexed."""
    token = _BATCHED.set(True)
    try:
        yield
    finally:
        _BATCHED.reset(token)
        _reindex_pending()


def schedule(kind: str, ids) -> None:
    """Mark these objects pending in the current transaction, and index what is pending
    when it commits (now, outside one)."""
    from flames.search.models import PendingChange

    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    connection = transaction.get_connection()
    state = connection.__dict__.setdefault(_STATE, {"marked": set(), "callback": None})
    callback = state["callback"]
    # The callback is gone after a commit or a rollback, including that of the savepoint
    # it was registered in: a new transaction, or one whose marks may be gone.
    registered = callback is not None and any(
        entry[1] is callback for entry in connection.run_on_commit
    )
    if not registered:
        state["marked"] = set()
    # A mark is written once per object per transaction; keyed by the open savepoints,
    # since one written inside a savepoint that is rolled back is gone with it.
    savepoints = tuple(connection.savepoint_ids)
    new = sorted(pk for pk in ids if (kind, pk, savepoints) not in state["marked"])
    PendingChange.objects.bulk_create([PendingChange(kind=kind, object_id=pk) for pk in new])
    state["marked"].update((kind, pk, savepoints) for pk in new)
    if not registered:
        state["callback"] = partial(_committed, connection)
        transaction.on_commit(state["callback"])


def _committed(connection) -> None:
    state = connection.__dict__[_STATE]
    state["callback"], state["marked"] = None, set()
    if not _BATCHED.get():
        _reindex_pending()


def _reindex_pending() -> None:
    from flames.search.services import reindex_pending

    reindex_pending()


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
