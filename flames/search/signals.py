"""Keep the search index current: each transaction that changes something indexed (as
``flames.changes`` announces it) also marks it pending (``PendingChange``), and once it
commits, the pending marks are indexed and removed together. The marks make this hold
whatever stops a process after a commit: the next reindex, by any process, picks up what
was left."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from flames import changes
from flames.search.models import PendingChange
from flames.search.services import reindex_pending

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
    # Outside a transaction, one for the marks: they must be written before indexing.
    with transaction.atomic(savepoint=False):
        new = changes.at_commit("_flames_search_pending", ((kind, pk) for pk in ids), _committed)
        marks = [PendingChange(kind=kind, object_id=pk) for kind, pk in sorted(new)]
        PendingChange.objects.bulk_create(marks)


def _committed(_marked) -> None:
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
