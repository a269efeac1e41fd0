"""Answer repeated SELECTs of one export from memory.

Pages share many queries: both languages of a page run the same SQL, every
page of a paginated list counts the same rows, every page reads the series.
While an export renders, a ``QueryMemo`` installed as a database execute
wrapper keeps the rows of each SELECT it sees (the least recently used first
out) and serves the next identical statement with identical parameters from
them. Views and templates run unchanged; the database simply answers faster.
The export is one consistent reading of the content, which it is anyway: the
memo lives only as long as one renderer, and any other statement empties it.
"""

from collections import OrderedDict


class QueryMemo:
    def __init__(self, *, max_entries: int = 4096, max_rows: int = 5000):
        self.entries: OrderedDict = OrderedDict()
        self.max_entries = max_entries
        self.max_rows = max_rows
        self.hits = 0
        self.misses = 0

    def __call__(self, execute, sql, params, many, context):
        if many or sql.lstrip()[:6].upper() != "SELECT":
            self.entries.clear()
            return execute(sql, params, many, context)
        try:
            key = (sql, tuple(params) if params else ())
            hash(key)
        except TypeError:
            return execute(sql, params, many, context)
        cursor = context["cursor"]
        rows = self.entries.get(key)
        if rows is None:
            self.misses += 1
            execute(sql, params, many, context)
            rows = cursor.cursor.fetchall()
            if len(rows) <= self.max_rows:
                self.entries[key] = rows
                if len(self.entries) > self.max_entries:
                    self.entries.popitem(last=False)
        else:
            self.hits += 1
            self.entries.move_to_end(key)
        _serve(cursor, rows)
        return cursor


def _serve(cursor, rows) -> None:
    """Make ``cursor`` (Django's wrapper) hand out ``rows`` as if it had fetched them."""
    position = 0

    def fetchmany(size=100):
        nonlocal position
        chunk = rows[position : position + size]
        position += len(chunk)
        return list(chunk)

    def fetchone():
        nonlocal position
        if position >= len(rows):
            return None
        position += 1
        return rows[position - 1]

    def fetchall():
        nonlocal position
        rest = rows[position:]
        position = len(rows)
        return list(rest)

    cursor.fetchmany, cursor.fetchone, cursor.fetchall = fetchmany, fetchone, fetchall
