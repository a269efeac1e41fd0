"""The two full-text engines behind search: SQLite FTS5 and PostgreSQL tsvector.

Both index the folded columns of ``search_searchentry`` (see models.SearchEntry) in two
parts, records (episodes, people, organizations, topics) and transcript passages, so a
word said in a thousand passages does not slow down finding the episode titled with it.
Both take a parsed :class:`~flames.search.query.Query` and render it into their own
syntax from folded tokens alone; nothing the reader typed reaches SQL or the full-text
parser as syntax.

A query returns, for each part, at most ``limit`` candidates with their folded text,
scanning matches from the most recently indexed down (a rebuild indexes in air order,
so that is newest first); :mod:`flames.search.ranking` then scores them the same way
for both engines. The cap keeps a word said in every episode as fast as a rare one;
below it, every match is ranked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from flames.episodes.models import Appearance, Episode
from flames.people.models import Showing
from flames.search.models import SearchEntry
from flames.search.query import Query
from flames.search.ranking import Texts
from flames.search.schema import (
    FTS_COLUMNS,
    ORDER_PARTS,
    PARTS,
    POSTGRES_DROP_INDEXES,
    POSTGRES_INDEXES,
    SQLITE_DROP_TRIGGERS,
    SQLITE_TRIGGERS,
    TABLE,
    TEXT_COLUMNS,
    VOCABULARY,
    sqlite_table,
)
from flames.search.text import KEY_MARK

# PostgreSQL: rows of each part read newest first before asking the GIN index.
RECENT_ROWS = {"records": 400, "passages": 2000}
INDEX_LOCK = 0x5EA2C4  # PostgreSQL advisory lock key of the search index
CANDIDATE_COLUMNS = ("title_terms", "names_terms", "body_terms", "id", "kind")
# How many words of the index a prefix may stand for (the shortest ones).
PREFIX_WORDS = 40


@dataclass(frozen=True)
class Candidate(Texts):
    id: int = 0
    kind: str = ""


@dataclass(frozen=True)
class Facets:
    """Filter tokens every candidate must carry (see documents.facet)."""

    tokens: tuple[str, ...] = ()


def _compiled(queryset) -> tuple[str, list[str]]:
    """The WHERE condition of ``queryset``'s query as SQL naming its tables, and its
    parameters."""
    query = queryset.query
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return sql, [str(param) for param in params]


def _visible(part: str) -> tuple[str, str, list]:
    """A join and a condition keeping the entries the public may see: entries of public
    episodes (or of none), people named on a public episode's panel, topics of a public
    episode. The episodes' condition is compiled from Episode.objects.public(), the one
    visibility rule; the SQL names the entry table, not an alias. A person has an entry
    only while the public may know them (documents.person_entries), so what is left of
    ``identified_appearances`` is the appearance's own part: not withdrawn, and by the
    full name.

    The checks run per candidate (OFFSET 0 keeps PostgreSQL from hashing every public
    episode or appearance first, which costs more than the whole search).
    """
    key = (connection.vendor, part)
    if key not in _VISIBLE:
        public, rule_params = _compiled(Episode.objects.public())
        named, named_params = _compiled(
            Appearance.objects.filter(withdrawn_at__isnull=True, shown_as=Showing.FULL_NAME)
        )
        episodes = Episode._meta.db_table
        join = ""
        condition = (
            f"({TABLE}.episode_id IS NULL OR EXISTS (SELECT 1 FROM {episodes} WHERE "
            f"{episodes}.id = {TABLE}.episode_id AND {public} LIMIT 1 OFFSET 0))"
        )
        params = list(rule_params)
        if part == "records":
            for kind, table, column, also, also_params in (
                (
                    SearchEntry.Kind.PERSON,
                    Appearance._meta.db_table,
                    "person_id",
                    f" AND {named}",
                    named_params,
                ),
                (SearchEntry.Kind.TOPIC, Episode.topics.through._meta.db_table, "topic_id", "", []),
            ):
                condition += (
                    f" AND ({TABLE}.kind <> '{kind}' OR EXISTS (SELECT 1 FROM {table} "
                    f"JOIN {episodes} ON {episodes}.id = {table}.episode_id "
                    f"WHERE {table}.{column} = {TABLE}.object_id{also} AND {public} "
                    "LIMIT 1 OFFSET 0))"
                )
                params += also_params + rule_params
        _VISIBLE[key] = (join, condition, params)
    return _VISIBLE[key]


_VISIBLE: dict[tuple[str, str], tuple[str, str, list]] = {}


class _Vocabulary:
    """Prefixes are looked up in a table of every indexed word and searched as the words
    they begin: both engines would otherwise read the whole list of rows of every word
    a prefix begins before returning the first match (FTS5 up front, GIN into a bitmap),
    where exact words are read lazily (FTS5) or skipped through (GIN)."""

    insert_ignoring_duplicates = ""

    def _prefixes(self, cursor, query: Query) -> dict[str, list[str]]:
        """The indexed words each prefix of the query begins (the shortest PREFIX_WORDS),
        in one query."""
        prefixes = list(
            dict.fromkeys(
                prefix
                for term in query.terms
                if term.prefix
                for prefix in (term.token, KEY_MARK + term.key if term.key else "")
                if prefix
            )
        )
        if not prefixes:
            return {}
        select = (
            f"SELECT * FROM (SELECT %s, term FROM {VOCABULARY} WHERE term >= %s AND term < %s "
            "ORDER BY length(term), term LIMIT %s) AS words"
        )
        params = []
        for prefix in prefixes:
            params += [prefix, prefix, prefix + "\U0010ffff", PREFIX_WORDS]
        cursor.execute(" UNION ALL ".join([select] * len(prefixes)), params)
        found = {prefix: [] for prefix in prefixes}
        for prefix, word in cursor.fetchall():
            found[prefix].append(word)
        return found

    def remember_words(self, cursor, entries) -> None:
        """Add the entries' words to the vocabulary (words no longer indexed stay until a
        rebuild, or until ``forget_words``; they only cost a lookup)."""
        words = set()
        for entry in entries:
            for text in (entry.title_terms, entry.names_terms, entry.body_terms):
                words.update(text.split())
        cursor.executemany(self.insert_ignoring_duplicates, [(word,) for word in sorted(words)])

    def forget_words(self, cursor, words) -> None:
        """Take out of the vocabulary those of ``words`` no entry holds any more: the name
        of a person the index must no longer name is not left behind for prefixes (each
        engine says, in ``_indexed``, whether an entry holds a word)."""
        gone = [(word,) for word in sorted(words) if not self._indexed(cursor, word)]
        cursor.executemany(f"DELETE FROM {VOCABULARY} WHERE term = %s", gone)


class SQLiteBackend(_Vocabulary):
    vendor = "sqlite"
    insert_ignoring_duplicates = f"INSERT OR IGNORE INTO {VOCABULARY}(term) VALUES (%s)"

    @staticmethod
    def _string(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    def _words(self, token: str, prefix: bool, column: str, prefixes) -> str | None:
        if not prefix:
            return f"{column} : {self._string(token)}"
        words = [self._string(word) for word in prefixes[token]]
        return f"{column} : ({' OR '.join(words)})" if words else None

    def _indexed(self, cursor, word: str) -> bool:
        for part in PARTS:
            table = sqlite_table(part)
            cursor.execute(
                f"SELECT 1 FROM {table} WHERE {table} MATCH %s LIMIT 1", [self._string(word)]
            )
            if cursor.fetchone():
                return True
        return False

    def match(self, cursor, query: Query, facets: Facets) -> str | None:
        """An FTS5 query: every term (or its name key) and phrase, and every facet; None
        when some term matches no word of the index."""
        prefixes = self._prefixes(cursor, query)
        clauses = []
        for term in query.terms:
            options = [self._words(term.token, term.prefix, TEXT_COLUMNS, prefixes)]
            if term.key:
                key = KEY_MARK + term.key
                options.append(self._words(key, term.prefix, "names_terms", prefixes))
            options = [option for option in options if option]
            if not options:
                return None
            clauses.append(f"({' OR '.join(options)})")
        for phrase in query.phrases:
            clauses.append(f"{TEXT_COLUMNS} : {self._string(' '.join(phrase.tokens))}")
        clauses += [f"facets : {self._string(token)}" for token in facets.tokens]
        return " AND ".join(clauses)

    def candidates(self, query: Query, facets: Facets, limit: int) -> dict[str, list[Candidate]]:
        """Up to ``limit`` matches of each part, newest first."""
        found = {part: [] for part in PARTS}
        columns = ", ".join(f"{TABLE}.{column}" for column in CANDIDATE_COLUMNS)
        with connection.cursor() as cursor:
            match = self.match(cursor, query, facets)
            if match is None:
                return found
            for part in PARTS:
                table = sqlite_table(part)
                join, visible, params = _visible(part)
                cursor.execute(
                    f"SELECT {columns} FROM {table} "
                    f"JOIN {TABLE} ON {TABLE}.id = {table}.rowid {join} WHERE {table} MATCH %s "
                    f"AND {visible} ORDER BY {table}.rowid DESC LIMIT %s",
                    [match, *params, limit],
                )
                found[part] = [Candidate(*row) for row in cursor.fetchall()]
        return found

    def lock(self, cursor) -> None:
        """SQLite has one writer at a time anyway."""

    def before_rebuild(self, cursor) -> None:
        for statement in SQLITE_DROP_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(f"DELETE FROM {VOCABULARY}")
        for part in PARTS:
            table = sqlite_table(part)
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def after_rebuild(self, cursor) -> None:
        for part, where in PARTS.items():
            table = sqlite_table(part)
            cursor.execute(
                f"INSERT INTO {table}(rowid, {FTS_COLUMNS}) "
                f"SELECT id, {FTS_COLUMNS} FROM {TABLE} WHERE {where}"
            )
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)


class PostgresBackend(_Vocabulary):
    vendor = "postgresql"
    insert_ignoring_duplicates = (
        f"INSERT INTO {VOCABULARY}(term) VALUES (%s) ON CONFLICT DO NOTHING"
    )

    @staticmethod
    def _lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def _words(self, token: str, prefix: bool, prefixes) -> str | None:
        if not prefix:
            return self._lexeme(token)
        words = [self._lexeme(word) for word in prefixes[token]]
        return f"({' | '.join(words)})" if words else None

    def _indexed(self, cursor, word: str) -> bool:
        # One query per part, each answered by that part's GIN index.
        for where in PARTS.values():
            cursor.execute(
                f"SELECT 1 FROM {TABLE} WHERE {where} "
                "AND search_vector @@ to_tsquery('simple', %s) LIMIT 1",
                [self._lexeme(word)],
            )
            if cursor.fetchone():
                return True
        return False

    def match(self, cursor, query: Query, facets: Facets) -> str | None:
        """A tsquery: every term (or its marked name key) and phrase, and every facet;
        None when some term matches no indexed word. No weights: restricting a query to
        weights makes the GIN index recheck every matching row, and the marks already
        keep keys and facets apart from words."""
        prefixes = self._prefixes(cursor, query)
        clauses = []
        for term in query.terms:
            options = [self._words(term.token, term.prefix, prefixes)]
            if term.key:
                options.append(self._words(KEY_MARK + term.key, term.prefix, prefixes))
            options = [option for option in options if option]
            if not options:
                return None
            clauses.append(f"({' | '.join(options)})")
        for phrase in query.phrases:
            clauses.append(f"({' <-> '.join(self._lexeme(token) for token in phrase.tokens)})")
        clauses += [self._lexeme(token) for token in facets.tokens]
        return " & ".join(clauses)

    def candidates(self, query: Query, facets: Facets, limit: int) -> dict[str, list[Candidate]]:
        """Up to ``limit`` matches of each part, newest first.

        PostgreSQL's planner cannot tell a word in half the rows from one in a few
        hundred, and guessing wrong costs a second either way: reading rows newest first
        until enough match, or fetching every match the GIN index lists. So each query
        does both, in order: it first looks at the part's newest RECENT_ROWS rows, which
        answers for common words; only if fewer than ``limit`` of those match (a rarer
        word, so few rows to fetch) does the GIN index answer instead. The result is the
        same either way: the newest ``limit`` matches (on the second path, of the newest
        2 x ``limit`` matches the public may see; unpublished entries are few).
        """
        found = {part: [] for part in PARTS}
        columns = ", ".join(f"{TABLE}.{column}" for column in CANDIDATE_COLUMNS)
        inner = ", ".join(("search_vector", "episode_id", "object_id", *CANDIDATE_COLUMNS))
        # JIT compiling these plans costs hundreds of milliseconds, and starting parallel
        # workers ten, even for a branch that does not run: neither pays off here.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0")
            match = self.match(cursor, query, facets)
            if match is None:
                return found
            for part, where in PARTS.items():
                join, visible, params = _visible(part)
                matches = f"{TABLE}.search_vector @@ to_tsquery('simple', %s) AND {visible}"
                cursor.execute(
                    f"WITH recent AS MATERIALIZED (SELECT {columns} FROM (SELECT {inner} "
                    f"FROM {TABLE} WHERE {ORDER_PARTS[part]} "
                    f"ORDER BY id DESC LIMIT {RECENT_ROWS[part]}) "
                    f"AS {TABLE} {join} WHERE {matches} ORDER BY {TABLE}.id DESC LIMIT %s) "
                    "SELECT * FROM recent WHERE (SELECT count(*) FROM recent) >= %s "
                    # id + 0 is not in the order of the id index, so the GIN index is used;
                    # visibility is checked on the newest matches only, with room to spare.
                    f"UNION ALL (SELECT {columns} FROM (SELECT {inner} FROM {TABLE} "
                    f"WHERE {where} AND search_vector @@ to_tsquery('simple', %s) "
                    "AND (SELECT count(*) FROM recent) < %s ORDER BY id + 0 DESC LIMIT %s) "
                    f"AS {TABLE} {join} WHERE {visible} ORDER BY {TABLE}.id DESC LIMIT %s)",
                    [match, *params, limit, limit, match, limit, 2 * limit, *params, limit],
                )
                found[part] = [Candidate(*row) for row in cursor.fetchall()]
        return found

    def lock(self, cursor) -> None:
        """One writer of the index at a time (until the transaction ends), so two
        processes reindexing the same episode cannot both insert its entries."""
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INDEX_LOCK])

    def before_rebuild(self, cursor) -> None:
        cursor.execute(f"TRUNCATE {TABLE}, {VOCABULARY} RESTART IDENTITY")
        for statement in POSTGRES_DROP_INDEXES:
            cursor.execute(statement)

    def after_rebuild(self, cursor) -> None:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in POSTGRES_INDEXES:
            cursor.execute(statement)
        cursor.execute(f"ANALYZE {TABLE}")


def backend() -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"search has no backend for {connection.vendor}")
