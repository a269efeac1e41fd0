"""What an export keeps for the next one, and the one place that asks ``changes`` what
changed in the database since.

An incremental export needs the last export's addresses and answers, which page
read which rows, and the standby copy's state; ``ExportState`` holds them, and
``changes`` stores it in the data directory, never in the published mirror.
"""

import dataclasses
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext as _

from flames.export import changes
from flames.export.rendering import Rendered
from flames.export.swap import StandbyState


class FullExportNeeded(Exception):
    """Only a full export brings the mirror up to date; the message says why."""


@dataclass
class Reads:
    """Which rows each page read, and the tables' contents when it did (``changes``)."""

    dependencies: dict
    tables: list[str]
    snapshot: changes.Snapshot


@dataclass
class ExportState:
    fingerprint: str  # the code, templates and options the export ran with
    version: int  # the content version (flames.web.pagecache) it rendered
    exported_at: datetime
    day: str
    pages: list[str]  # every rendered address; a page's number is its position here
    results: dict[str, tuple[int, str, bool]]  # address -> (status, kind, public)
    seconds: dict[str, float]  # address -> seconds its rendering took
    table: dict[str, tuple[str | None, str | None]]  # address -> (file, external address)
    indexed: list[str]  # the files the search index holds
    page_count: int
    not_public: list[str]
    missing: list[str]
    dependencies: dict
    tables: list[str]
    snapshot: changes.Snapshot
    manifest: str = ""  # the digest of the manifest written
    standby: StandbyState | None = None
    # What the store keeps beside the fields above, handed back to it as it was.
    stored: dict = field(default_factory=dict, repr=False)

    @property
    def reads(self) -> Reads:
        return Reads(dependencies=self.dependencies, tables=self.tables, snapshot=self.snapshot)


_FIELDS = [item.name for item in dataclasses.fields(ExportState) if item.name != "stored"]


def load(directory: Path) -> ExportState | None:
    stored = changes.load_state(directory)
    if stored is None:
        return None
    try:
        values = {name: stored[name] for name in _FIELDS if name in stored}
        rest = {name: value for name, value in stored.items() if name not in values}
        return ExportState(**values, stored=rest)
    except TypeError:
        return None  # written by another version of the export


def save(directory: Path, state: ExportState) -> None:
    changes.save_state(
        directory, {**state.stored, **{name: getattr(state, name) for name in _FIELDS}}
    )


def forget(directory: Path) -> None:
    changes.state_path(directory).unlink(missing_ok=True)


def protection_path(directory: Path) -> Path:
    return changes.state_path(directory).with_suffix(".protection")


def last_protection(directory: Path) -> str | None:
    """The speakers' protection (``selectors.protection_digest``) read before the export
    now in ``directory`` rendered it. Kept apart from the state, which an edit during an
    export discards: read first, it is never newer than what the pages show."""
    try:
        return protection_path(directory).read_text()
    except OSError:
        return None


def save_protection(directory: Path, digest: str) -> None:
    path = protection_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp-protection")
    temporary.write_text(digest)
    temporary.replace(path)


def fingerprint(options: str) -> str:
    """The code, the templates and ``options`` the export runs with, in one digest."""
    return changes.code_fingerprint(options)


def record_reads(results: dict[str, Rendered]) -> Reads:
    """Which rows each of the ``results`` read, and the tables as they are now."""
    pages = list(results)
    recorded = [results[key].dependencies or array("q") for key in pages]
    dependencies = changes.index(pages, recorded, changes.Dependencies().tables)
    tracked = changes.tracked_models(set(dependencies))
    return Reads(
        dependencies=dependencies,
        tables=[model._meta.db_table for model in tracked],
        snapshot=changes.snapshot(tracked),
    )


def changed_pages(reads: Reads, *, since: datetime, now: datetime) -> tuple[list[int], Reads]:
    """The numbers of the pages that read rows changed since ``reads`` were recorded, and
    the reads to keep; raises FullExportNeeded when more than rows' text changed."""
    tracked = changes.tracked_models(set(reads.tables))
    if changes.scheduled_time_passed(tracked, since, now):
        raise FullExportNeeded(_("a date or time in the content has passed since the last export"))
    unread = changes.unread_changes(since, reads.tables)
    if unread:
        raise FullExportNeeded(
            _("%s changed, which no page read at the last full export") % ", ".join(unread)
        )
    snapshot = changes.snapshot(tracked, reads.snapshot)
    verdict = changes.compare(reads.snapshot, snapshot, reads.dependencies)
    if verdict.pages is None:
        raise FullExportNeeded(verdict.reason)
    renewed = Reads(dependencies=reads.dependencies, tables=reads.tables, snapshot=snapshot)
    return sorted(verdict.pages), renewed
