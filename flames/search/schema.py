"""The full-text index's schema for each database, used by the migrations and by
``flames search rebuild`` (which drops and recreates the triggers or indexes around a
bulk load). Plain SQL strings: no Django imports, so migrations can rely on them.

SQLite: two FTS5 tables (records and transcript passages) over ``search_searchentry``'s
folded columns as external content, kept in step by triggers. PostgreSQL: a generated
tsvector column (titles weight A, name keys B, facets C, body D) built with the 'simple'
configuration on the already-folded text, and one partial GIN index per part.
"""

TABLE = "search_searchentry"
COLUMNS = ("title_terms", "names_terms", "body_terms", "facets")
TEXT_COLUMNS = "{title_terms body_terms}"  # what words are looked for in
VOCABULARY = "search_vocabulary"  # every indexed word, for prefix lookups
PARTS = {"records": "kind <> 'passage'", "passages": "kind = 'passage'"}
# The same parts, written so that PostgreSQL cannot prove a query on PARTS implies them:
# their id-order indexes then serve only queries that ask for them (reading the newest
# rows first) and never replace the GIN index in a search for a rare word.
ORDER_PARTS = {"records": "kind NOT LIKE 'passage'", "passages": "kind LIKE 'passage'"}

# ---------------------------------------------------------------- SQLite FTS5 schema

FTS_COLUMNS = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{column}" for column in COLUMNS)
_OLD = ", ".join(f"old.{column}" for column in COLUMNS)


def sqlite_table(part: str) -> str:
    return f"search_fts_{part}"


def _sqlite_sync(part: str, row: str, values: str, delete: bool) -> str:
    table = sqlite_table(part)
    condition = PARTS[part].replace("kind", f"{row}.kind")
    if delete:
        return (
            f"INSERT INTO {table}({table}, rowid, {FTS_COLUMNS}) "
            f"SELECT 'delete', {row}.id, {values} WHERE {condition};"
        )
    return f"INSERT INTO {table}(rowid, {FTS_COLUMNS}) SELECT {row}.id, {values} WHERE {condition};"


SQLITE_TABLES = [
    f"CREATE VIRTUAL TABLE {sqlite_table(part)} USING fts5({FTS_COLUMNS}, "
    f"content='{TABLE}', content_rowid='id', tokenize='ascii')"
    for part in PARTS
]
SQLITE_TABLES.append(f"CREATE TABLE {VOCABULARY} (term TEXT PRIMARY KEY) WITHOUT ROWID")
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER search_entry_insert AFTER INSERT ON {TABLE} BEGIN "
    + " ".join(_sqlite_sync(part, "new", _NEW, False) for part in PARTS)
    + " END",
    f"CREATE TRIGGER search_entry_delete AFTER DELETE ON {TABLE} BEGIN "
    + " ".join(_sqlite_sync(part, "old", _OLD, True) for part in PARTS)
    + " END",
    f"CREATE TRIGGER search_entry_update AFTER UPDATE ON {TABLE} BEGIN "
    + " ".join(_sqlite_sync(part, "old", _OLD, True) for part in PARTS)
    + " ".join(_sqlite_sync(part, "new", _NEW, False) for part in PARTS)
    + " END",
]
SQLITE_DROP_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS search_entry_{event}" for event in ("insert", "delete", "update")
]
SQLITE_DROP_TABLES = [
    *(f"DROP TABLE IF EXISTS {sqlite_table(part)}" for part in PARTS),
    f"DROP TABLE IF EXISTS {VOCABULARY}",
]

# ------------------------------------------------------------ PostgreSQL tsvector schema

POSTGRES_VOCABULARY = [f'CREATE TABLE {VOCABULARY} (term text COLLATE "C" PRIMARY KEY)']
POSTGRES_DROP_VOCABULARY = [f"DROP TABLE IF EXISTS {VOCABULARY}"]
POSTGRES_COLUMN = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, names_terms), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, facets), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, body_terms), 'D')) STORED"
]
# Per part: a GIN index to find rare words, and the part's ids in order, so a common
# word's newest matches are read backwards from the latest without touching the other
# part's rows.
POSTGRES_INDEXES = [
    statement
    for part, where in PARTS.items()
    for statement in (
        f"CREATE INDEX search_{part}_vector ON {TABLE} USING gin (search_vector) WHERE {where}",
        f"CREATE INDEX search_{part}_order ON {TABLE} (id) WHERE {ORDER_PARTS[part]}",
    )
]
POSTGRES_DROP_INDEXES = [
    f"DROP INDEX IF EXISTS search_{part}_{index}" for part in PARTS for index in ("vector", "order")
]
POSTGRES_DROP_COLUMN = [f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector"]
