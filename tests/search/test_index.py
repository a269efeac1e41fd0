"""The index follows the content: saves, deletes, (un)publishing, renames, transcripts;
once per object per transaction; and `flames search rebuild` gives the same index."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase

from flames.episodes.models import Episode
from flames.episodes.services import set_status
from flames.people.models import PersonName
from flames.people.services import add_position, create_person, merge_people
from flames.search import services
from flames.search.models import PendingChange, SearchEntry
from flames.search.schema import PARTS, sqlite_table
from flames.search.services import rebuild_index
from flames.search.signals import batched
from tests import factories
from tests.factories import transcript
from tests.search.conftest import found, titles

BITE = "Sanctions that bite"


def assert_index_consistent():
    """SQLite: the FTS tables agree with their content table (no-op on PostgreSQL)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for part, where in PARTS.items():
            table = sqlite_table(part)
            # Each table indexes part of the content table, so only its own structure
            # can be checked, and the number of rows it holds.
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
            cursor.execute(f"SELECT count(*) FROM {table}_docsize")
            indexed = cursor.fetchone()[0]
            cursor.execute(f"SELECT count(*) FROM search_searchentry WHERE {where}")
            assert indexed == cursor.fetchone()[0]


def index_rows():
    return sorted(
        SearchEntry.objects.values_list(
            "kind", "object_id", "title", "body", "title_terms", "names_terms", "body_terms",
            "facets", "start_ms", "position", "language", "year",
        )
    )  # fmt: skip


def test_index_new_episode_is_found_after_commit(db, committed):
    with committed():
        factories.episode("Grain corridor", slug="grain")
        assert titles("grain") == []  # not yet committed

    assert titles("grain") == ["Grain corridor"]
    assert_index_consistent()


def test_index_edited_title_replaces_the_old_one(archive, committed):
    with committed():
        archive.bite.title = "Price cap and shadow tankers"
        archive.bite.save()

    assert ("episode", BITE, None) not in found("bite")
    assert found("tankers") == [("episode", "Price cap and shadow tankers", None)]
    # Its passages show the new title too.
    assert found('"shadow fleet"') == [("passage", "Price cap and shadow tankers", 40_000)]
    assert_index_consistent()


def test_index_deleted_episode_and_passages_are_gone(archive, committed):
    pk = archive.bite.pk
    with committed():
        archive.bite.delete()

    assert found("fleet") == []
    assert SearchEntry.objects.filter(episode=pk).count() == 0
    assert_index_consistent()


def test_index_unpublish_in_bulk_hides_and_republish_shows(archive, committed):
    episodes = Episode.objects.filter(pk=archive.bite.pk)
    with committed():
        set_status(episodes=episodes, status=Episode.Status.DRAFT)

    assert found("fleet") == []
    assert ("episode", BITE, None) not in found("sanctions")
    # Klimkin's only episode is a draft now: he is hidden like the directory hides him.
    assert found("Klimkin") == []

    with committed():
        set_status(episodes=episodes, status=Episode.Status.SCHEDULED)

    assert found("fleet") == [("passage", BITE, 40_000)]


def test_index_new_spelling_is_found(archive, committed):
    with committed():
        PersonName.objects.create(person=archive.braze, name="Baiba Brazhe-Ozola")

    assert found("Ozola") == [
        ("person", "Baiba Braže", None),
        ("episode", "Culture under fire", None),  # she was on its panel
    ]


def test_index_new_position_is_found(archive, committed):
    with committed():
        add_position(
            person=archive.braze,
            title="Ambassador to Portugal",
            organization=None,
            start_year=2023,
            end_year=None,
        )

    assert found("Portugal") == [("person", "Baiba Braže", None)]


def test_index_renamed_person_updates_episodes_and_passages(archive, committed):
    with committed():
        archive.klimkin.name = "Pavlo Klimkine"
        archive.klimkin.save()

    passage = [r for r in found("fleet") if r[0] == "passage"]
    assert passage == [("passage", BITE, 40_000)]
    from flames.search.selectors import SearchFilters, search

    snippet = search(text="fleet", filters=SearchFilters()).results[0].snippet
    assert snippet.startswith("Pavlo Klimkine: Sanctions")


def test_index_topic_added_to_episode_filters(archive, committed):
    with committed():
        archive.culture_episode.topics.add(archive.sanctions)

    assert titles("Ogryzko", topic=archive.sanctions) == ["Culture under fire"] * 2


def test_index_topic_removed_in_reverse_filters(archive, committed):
    with committed():
        archive.sanctions.episodes.clear()

    assert titles("fleet", topic=archive.sanctions) == []


def test_index_deleted_topic_reindexes_its_episodes(archive, committed):
    with committed():
        archive.sanctions.delete()
        marked = set(PendingChange.objects.values_list("kind", "object_id"))
        assert ("episode", archive.bite.pk) in marked

    assert titles("fleet", topic=archive.sanctions) == []


def test_index_new_transcript_is_found_and_replacing_drops_old_passages(archive, committed):
    with committed():
        transcript(archive.culture_episode, (0, 10, "", "Tanks and theatres."))

    assert found("theatres")[-1] == ("passage", "Culture under fire", 0)
    assert found("Black Sea") == []
    assert_index_consistent()


def test_index_merged_speaker_keeps_passages_under_survivor(archive, committed):
    with committed():
        duplicate = create_person(name="P. Klimkin")
        episode = factories.episode("Energy", slug="energy", speakers=[duplicate])
        transcript(episode, (0, 10, "P. Klimkin", "Energy is a weapon."))
    with committed():
        merge_people(survivor=archive.klimkin, duplicate=duplicate)

    assert found("weapon", person=archive.klimkin)[-1] == ("passage", "Energy", 0)


def test_index_many_saves_in_one_transaction_reindex_once(archive, committed, monkeypatch):
    calls = []
    original = services.reindex
    monkeypatch.setattr(
        services, "reindex", lambda pending: calls.append(pending) or original(pending)
    )

    with committed(), transaction.atomic():
        for n in range(30):
            archive.bite.summary = f"Revision {n}."
            archive.bite.save()
        factories.episode("Another", slug="another")

    assert len(calls) == 1
    assert calls[0]["episode"] == {archive.bite.pk, Episode.objects.get(slug="another").pk}
    assert titles("revision") == [BITE]


def test_index_rolled_back_savepoint_still_indexes_the_rest(db, committed):
    with committed(), transaction.atomic():
        try:
            with transaction.atomic():
                factories.episode("Rolled back", slug="gone")
                raise RuntimeError
        except RuntimeError:
            pass
        factories.episode("Kept episode", slug="kept")

    assert titles("kept") == ["Kept episode"]
    assert titles("rolled") == []


def test_rebuild_gives_the_same_index(archive):
    before = index_rows()

    counts = rebuild_index()

    assert index_rows() == before
    assert counts == {"episode": 4, "person": 5, "organization": 1, "topic": 2, "passage": 6}
    assert found("fleet") == [("passage", BITE, 40_000)]
    assert_index_consistent()


def test_rebuild_recovers_an_emptied_index(archive, committed):
    with connection.cursor() as cursor:
        services.backend().before_rebuild(cursor)
        services.backend().after_rebuild(cursor)
    assert found("fleet") == []

    with committed():
        rebuild_index()

    assert found("fleet") == [("passage", BITE, 40_000)]


def test_search_rebuild_command_reports_counts(archive, capsys):
    call_command("search", "rebuild", verbosity=0)

    out = capsys.readouterr().out
    assert out.startswith("Rebuilt the search index in ")
    assert out.endswith(
        " s: 4 episodes, 5 people, 1 organizations, 2 topics, 6 transcript passages\n"
    )


def test_search_query_command_prints_results(archive, capsys):
    call_command("search", "query", "fleet")

    assert capsys.readouterr().out == (
        "1 results\n"
        "passage      Sanctions that bite @0:40  /en/episodes/sanctions-that-bite/#cue-en-3\n"
    )


@pytest.mark.parametrize("kind", ["person", "organization", "topic"])
def test_index_deleted_records_are_gone(archive, committed, kind):
    from flames.people.models import Organization

    with committed():
        if kind == "person":
            archive.hidden.appearances.all().delete()
            archive.hidden.delete()
        elif kind == "organization":
            Organization.objects.all().delete()
        else:
            archive.culture.delete()

    assert (
        SearchEntry.objects.filter(kind=kind).count()
        == {
            "person": 4,
            "organization": 0,
            "topic": 1,
        }[kind]
    )
    if kind == "topic":
        assert found("culture") == [
            ("episode", "Culture under fire", None),
            ("passage", "Culture under fire", 35_000),
        ]


def test_index_batched_indexes_committed_changes_once_at_the_end(db, committed):
    with committed(), batched():
        with committed():
            factories.episode("Grain corridor", slug="grain")
        with committed():
            factories.episode("Grain deal", slug="deal")
        assert titles("grain") == []  # both committed, neither indexed yet

    assert sorted(titles("grain")) == ["Grain corridor", "Grain deal"]
    assert_index_consistent()


def test_index_batched_still_indexes_when_the_block_fails(db, committed):
    with pytest.raises(RuntimeError), batched():
        with committed():
            factories.episode("Grain corridor", slug="grain")
        raise RuntimeError("stopped halfway")

    assert titles("grain") == ["Grain corridor"]


@contextmanager
def stopped_before_indexing():
    """Run a block as a transaction that commits, after which the process stops: its
    on-commit callbacks never run."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        yield
    connection.run_on_commit.clear()  # a commit empties the list before running them


def test_index_a_change_committed_by_a_process_stopped_before_indexing_is_indexed_next(
    db, committed
):
    with stopped_before_indexing():
        factories.episode("Grain corridor", slug="grain")
    assert titles("grain") == []

    with committed():
        factories.episode("Shadow fleet", slug="fleet")

    assert titles("grain") == ["Grain corridor"]
    assert titles("fleet") == ["Shadow fleet"]
    assert PendingChange.objects.count() == 0
    assert_index_consistent()


def test_index_batched_block_indexes_what_an_earlier_process_left_even_changing_nothing(db):
    with stopped_before_indexing():
        factories.episode("Grain corridor", slug="grain")

    with batched():
        pass

    assert titles("grain") == ["Grain corridor"]
    assert PendingChange.objects.count() == 0


def test_index_a_mark_rolled_back_with_its_savepoint_is_written_again(db, committed):
    with committed():
        episode = factories.episode("Grain corridor", slug="grain")
    with committed(), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            episode.title = "Grain deal"
            episode.save()
            raise RuntimeError("rolled back")
        episode.refresh_from_db()
        episode.summary = "Shipping through the Black Sea."
        episode.save()

    assert found("black sea") == [("episode", "Grain corridor", None)]


def test_index_rebuild_takes_over_pending_marks(db):
    with stopped_before_indexing():
        factories.episode("Grain corridor", slug="grain")

    rebuild_index()

    assert titles("grain") == ["Grain corridor"]
    assert PendingChange.objects.count() == 0
