"""Telling a full disk from other failures, so commands can say in one line what is full
instead of printing a traceback. No Django imports: errors are recognised by their
errno, SQLite's words or PostgreSQL's SQLSTATE, wherever they were raised."""

import errno
import os
from contextlib import contextmanager

_FULL = {errno.ENOSPC, errno.EDQUOT}
# SQLite reports a full disk in words, without the path or an errno; opening a database
# whose shared-memory file cannot be made is only "disk I/O error".
_SQLITE_FULL = "database or disk is full"
_SQLITE_IO = "disk I/O error"
# PostgreSQL's SQLSTATE class 53 "insufficient resources": 53100 is disk_full.
_POSTGRES_DISK_FULL = "53100"


def full_disk(error: BaseException, *, database: str = "", folder: str = "?") -> str | None:
    """Where a write ran out of space, if ``error`` or an error it came from is a full
    disk: the file named by the error (else ``folder``, where the caller was writing),
    or ``database`` (the SQLite file) for the database's own error; None otherwise."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in _FULL:
            return os.fsdecode(error.filename) if error.filename else folder
        if _SQLITE_FULL in str(error):
            return database or "?"
        if _SQLITE_IO in str(error) and database and _no_space_at(database):
            return database
        if getattr(error, "sqlstate", None) == _POSTGRES_DISK_FULL:
            return database or "?"
        error = error.__cause__ or error.__context__
    return None


def _no_space_at(path: str) -> bool:
    try:
        return os.statvfs(os.path.dirname(path) or ".").f_bavail == 0
    except OSError:
        return False


@contextmanager
def naming(path):
    """Name ``path`` in an error raised inside without a file name (a failed write on an
    open file has none), so a full disk can be reported with where it happened."""
    try:
        yield
    except OSError as error:
        if error.filename is None:
            error.filename = os.fspath(path)
        raise
