"""Writes to the search index: reindexing what changed, rebuilding everything."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from flames import changes
from flames.episodes.models import Appearance, Episode, Topic
from flames.people.models import Organization, Person, PersonName, Position
from flames.search import documents
from flames.search.backends import backend
from flames.search.models import PendingChange, SearchEntry
from flames.search.text import KEY_MARK, fold, name_tokens
from flames.transcripts.models import Cue, Transcript

Kind = SearchEntry.Kind
RECORD_BUILDERS = {
    Kind.EPISODE: documents.episode_entries,
    Kind.PERSON: documents.person_entries,
    Kind.ORGANIZATION: documents.organization_entries,
    Kind.TOPIC: documents.topic_entries,
}
EPISODE_BATCH = 500
TRANSCRIPT_BATCH = 40


DELETE_BATCH = 500


def reindex_pending() -> None:
    """Index everything marked pending and remove those marks, in one transaction, one
    process at a time. Only the marks read are removed: a mark committed meanwhile by
    another transaction waits for the next reindex."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend().lock(cursor)
        marks = list(PendingChange.objects.values_list("pk", "kind", "object_id"))
        if not marks:
            return
        pending: dict[str, set[int]] = {}
        for _pk, kind, object_id in marks:
            pending.setdefault(kind, set()).add(object_id)
        reindex(pending)
        _remove_marks([pk for pk, _kind, _object_id in marks])


def _remove_marks(ids: list[int]) -> None:
    for batch in _batches(ids, DELETE_BATCH):
        PendingChange.objects.filter(pk__in=batch).delete()


def reindex(pending: dict[str, set[int]]) -> None:
    """Bring the index up to date for changed objects.

    ``pending`` maps a kind of change to ids: "episode" (an episode and its transcripts'
    passages, which its panel labels), "transcript", "person", "organization" and
    "topic". A renamed person, organization or topic also
    reindexes what shows their name, and so does a person whose protection, withdrawal or
    consent to the directory changed: their episodes and passages then show them anew (by
    the name shown, or not at all), so the index never keeps a name it must not.
    """
    episodes = set(pending.get("episode", ()))
    episode_entries = set(episodes)
    transcripts = set(pending.get("transcript", ()))
    transcripts |= set(Transcript.objects.filter(episode__in=episodes).values_list("pk", flat=True))
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend().lock(cursor)
        renamed = _replace_records(Kind.ORGANIZATION, pending.get("organization", ()))
        people = set(pending.get("person", ()))
        people |= set(
            Position.objects.filter(organization__in=renamed).values_list("person", flat=True)
        )
        renamed = _replace_records(Kind.TOPIC, pending.get("topic", ()))
        episode_entries |= set(
            Episode.topics.through.objects.filter(topic__in=renamed).values_list(
                "episode", flat=True
            )
        )
        words = _words_of_people(people)
        renamed = _replace_records(Kind.PERSON, people)
        forgotten = {word for pk in renamed for word in words.get(pk, ())}
        episode_entries |= set(
            Appearance.objects.filter(person__in=renamed).values_list("episode", flat=True)
        )
        transcripts |= set(
            Cue.objects.filter(speaker__in=renamed).values_list("transcript", flat=True).distinct()
        )
        _replace_records(Kind.EPISODE, episode_entries)
        # Passages of deleted episodes (their transcripts are gone too).
        missing = episodes - set(
            Episode.objects.filter(pk__in=episodes).values_list("pk", flat=True)
        )
        SearchEntry.objects.filter(kind=Kind.PASSAGE, episode__in=missing).delete()
        _replace_passages(transcripts)
        with connection.cursor() as cursor:
            backend().forget_words(cursor, forgotten)
        changes.announce(SearchEntry, None)


def _words_of_people(people: set[int]) -> dict[int, set[str]]:
    """The words of each person's entry as the index holds it now (names, positions,
    biography), and of their spellings: once a person is shown differently, those no
    entry holds any more leave the vocabulary."""
    words = defaultdict(set)
    entries = SearchEntry.objects.filter(kind=Kind.PERSON, object_id__in=people)
    for pk, *texts in entries.values_list("object_id", "title_terms", "names_terms", "body_terms"):
        words[pk].update(word for text in texts for word in text.split())
    for pk, name in PersonName.objects.filter(person__in=people).values_list("person", "name"):
        words[pk].update(fold(name).split())
        words[pk].update(KEY_MARK + key for key in name_tokens(name))
    return words


def _replace_records(kind: str, ids: Iterable[int]) -> set[int]:
    """Rebuild the entries of these objects (keeping their rows' ids, which order the
    index); return the ids of those whose names may show differently elsewhere."""
    ids = set(ids)
    if not ids:
        return set()
    old = {
        object_id: (entry_id, title_terms, names_terms, facets)
        for object_id, entry_id, title_terms, names_terms, facets in SearchEntry.objects.filter(
            kind=kind, object_id__in=ids
        ).values_list("object_id", "id", "title_terms", "names_terms", "facets")
    }
    new = RECORD_BUILDERS[kind](ids)
    unchanged = set()
    for entry in new:
        before = old.get(entry.object_id)
        if before:
            entry.id = before[0]
            if before[1:] == (entry.title_terms, entry.names_terms, entry.facets):
                unchanged.add(entry.object_id)
    SearchEntry.objects.filter(kind=kind, object_id__in=ids).delete()
    SearchEntry.objects.bulk_create(new)
    _remember_words(new)
    # Without an entry before or after, nothing tells what changed: a deleted object, or a
    # person the index must not name (protected, withdrawn, out of the directory), whose
    # episodes must show them as they now are.
    return ids - unchanged


def _replace_passages(transcript_ids: set[int]) -> None:
    if not transcript_ids:
        return
    SearchEntry.objects.filter(kind=Kind.PASSAGE, object_id__in=transcript_ids).delete()
    entries = documents.passage_entries(transcript_ids)
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    _remember_words(entries)


def _remember_words(entries: list[SearchEntry]) -> None:
    with connection.cursor() as cursor:
        backend().remember_words(cursor, entries)


def rebuild_index(*, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Index everything from scratch in one transaction; returns entries per kind.

    ``progress(kind, count)`` is called after each batch. Readers keep searching the old
    index until the new one is committed.
    """
    engine = backend()
    counts = dict.fromkeys(Kind.values, 0)

    def write(kind: str, entries: list[SearchEntry]) -> None:
        _insert(cursor, entries)
        engine.remember_words(cursor, entries)
        counts[kind] += len(entries)
        if progress:
            progress(kind, len(entries))

    with transaction.atomic(), connection.cursor() as cursor:
        engine.lock(cursor)
        # What is pending now is indexed by the rebuild; marks committed later are not.
        marks = list(PendingChange.objects.values_list("pk", flat=True))
        engine.before_rebuild(cursor)
        write(Kind.TOPIC, documents.topic_entries(Topic.objects.values_list("pk", flat=True)))
        organizations = Organization.objects.values_list("pk", flat=True)
        write(Kind.ORGANIZATION, documents.organization_entries(organizations))
        people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for batch in _batches(people, EPISODE_BATCH):
            write(Kind.PERSON, documents.person_entries(batch))
        # Oldest first, so the most recent episodes get the highest ids.
        by_air_time = Episode.objects.order_by("air_time", "pk")
        for batch in _batches(list(by_air_time.values_list("pk", flat=True)), EPISODE_BATCH):
            write(Kind.EPISODE, _in_order(documents.episode_entries(batch), batch))
        transcripts = Transcript.objects.order_by("episode__air_time", "episode", "language")
        for batch in _batches(list(transcripts.values_list("pk", flat=True)), TRANSCRIPT_BATCH):
            write(Kind.PASSAGE, documents.passage_entries(batch))
        engine.after_rebuild(cursor)
        _remove_marks(marks)
        changes.announce(SearchEntry, None)
    return counts


def _insert(cursor, entries: list[SearchEntry]) -> None:
    """Plain INSERTs of new entries: every value is already a string, a number or None,
    and skipping the ORM's per-field preparation halves a rebuild's writing time."""
    fields = [field for field in SearchEntry._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    cursor.executemany(
        f"INSERT INTO {SearchEntry._meta.db_table} ({columns}) VALUES ({placeholders})",
        [tuple(getattr(entry, field.attname) for field in fields) for entry in entries],
    )


def _batches(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _in_order(entries: list[SearchEntry], ids: list[int]) -> list[SearchEntry]:
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(entries, key=lambda entry: position[entry.object_id])
