"""Keep the search index current: each transaction that changes something indexed (as
``flames.changes`` announces it) also marks it pending (``PendingChange``), and once it
commits, the pending marks are indexed and removed together. The marks make this hold
whatever stops a process after a commit: the next reindex, by any process, picks up what
was left."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction

from flames.search.models import PendingChange
from flames.search.services import reindex_pending

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
    reindex_pending()


# The search index's kind of change for each public model that search pages show; the
# rows of the others are not indexed.
_INDEXED = {
    "episodes.episode": "episode",
    "episodes.episode_topics": "episode",
    # The panel shows in the episode's entry and labels its transcripts' passages.
    "episodes.appearance": "episode",
    "episodes.topic": "topic",
    "people.person": "person",
    "people.personname": "person",
    "people.position": "person",
    "people.organization": "organization",
    "people.organizationname": "organization",
    "transcripts.transcript": "transcript",
    "transcripts.cue": "transcript",
}


def content_changed(sender, kind: str, ids, **kwargs) -> None:
    """Mark what an announced change touches (``flames.changes``)."""
    indexed = _INDEXED.get(kind)
    if indexed is not None:
        schedule(indexed, ids)
