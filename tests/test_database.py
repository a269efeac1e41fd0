"""The suite runs on the database CI asks for: .ci/run's PostgreSQL pass must not quietly
fall back to SQLite."""

import os

from django.db import connection


def test_runs_on_the_database_named_by_database_url():
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
