"""The full-text index: FTS5 tables and triggers on SQLite, a tsvector column and GIN
indexes on PostgreSQL (see flames/search/schema.py). Other databases get neither."""

from django.db import migrations

from flames.search import schema

FORWARDS = {
    "sqlite": schema.SQLITE_TABLES + schema.SQLITE_TRIGGERS,
    "postgresql": schema.POSTGRES_COLUMN + schema.POSTGRES_INDEXES + schema.POSTGRES_VOCABULARY,
}
BACKWARDS = {
    "sqlite": schema.SQLITE_DROP_TRIGGERS + schema.SQLITE_DROP_TABLES,
    "postgresql": (
        schema.POSTGRES_DROP_VOCABULARY + schema.POSTGRES_DROP_INDEXES + schema.POSTGRES_DROP_COLUMN
    ),
}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False)]
