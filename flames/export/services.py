"""Export the public site as plain files: ``export_site``.

1. Crawl: render the root, every parameterless address (the sitemap and
   robots.txt among them) in every language through the real views, and every
   address of the site those pages refer to, until nothing new turns up. Public
   pages (``@public_page``: a 200 with ``Cache-Control: public``) are kept.
2. Write: with every address known (a page, a redirect, something that is not
   public), rewrite each page's links for the mirror and write it into a
   sibling staging folder; a file whose bytes equal the last export's is
   hard-linked from it instead. Redirects become small pages that send the
   reader on; collected static files are copied; Pagefind indexes the pages the
   sitemap lists.
3. Swap: the staging folder replaces DIR in one rename (an atomic exchange
   where the kernel offers one), so DIR is always a whole export, the old one
   or the new one, whatever stops the process. The replaced copy is deleted by
   a process of its own; the next export clears anything a kill left behind.

``.flames-export/manifest.json`` in DIR lists every file with its digest; the
next export compares against it and reports what was written, left unchanged
and removed. When the database changed only in text fields of existing rows
since the last export (see ``changes``), step 1 renders only the pages that
read those rows and every other file is linked from the last export.
"""

import contextlib
import ctypes
import ctypes.util
import fcntl
import gzip
import json
import logging
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.db import connections
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from flames.disk import naming
from flames.export import changes, links, selectors
from flames.export.rendering import (
    REDIRECTS,
    InlinePool,
    Rendered,
    WorkerPool,
    WriteJob,
    Written,
    digest,
    link_file,
    write_file,
)
from flames.pagecache import current_version

STATE_DIR = ".flames-export"
MANIFEST = f"{STATE_DIR}/manifest.json"
MANIFEST_FORMAT = 2
SEARCH_DIR = "pagefind"
# Pages that changed since the full index was built are indexed again on their own, here;
# the search page asks both and hides the full index's stale entries (OVERLAY lists them).
DELTA_DIR = "pagefind-delta"
OVERLAY = f"{SEARCH_DIR}/flames-overlay.json"
# The pages in the full index: {file: [digest then, Pagefind's page id]}.
SEARCH_BASE = f"{STATE_DIR}/search-base.json"
# Files build_search_index writes or keeps.
SEARCH_FILES = (f"{SEARCH_DIR}/", f"{DELTA_DIR}/", SEARCH_BASE)
# A delta larger than this (pages, or a share of all indexed pages) means a new full index.
DELTA_PAGES, DELTA_SHARE = 50, 0.05
# Without a base URL, addresses that must be absolute (feeds, sitemap, OpenGraph,
# JSON-LD) are written at this origin.
DEFAULT_ORIGIN = "http://localhost"
# Pagefind indexes each page's main content, without its navigation and the
# calls to action every episode page repeats.
SEARCH_ROOT = "main"
SEARCH_EXCLUDE = "nav, .actions, .follow, .calendar-links, .player-note, form"
MAX_REDIRECTS = 10


class ExportError(Exception):
    """An export that cannot start or finish; the message is one line for the reader."""


@dataclass
class Report:
    directory: Path
    files: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    indexed: int = 0
    render_seconds: float = 0.0
    search_seconds: float = 0.0
    seconds: float = 0.0
    search_rebuilt: bool = False  # the full search index was built again
    search_delta: int = 0  # pages in the delta index
    full: bool = False  # every page rendered, rather than only those an edit touched
    reason: str = ""  # why the export had to render everything
    rendered: int = 0
    # Per view: (pages, seconds spent rendering them), to see where the time goes.
    views: dict = field(default_factory=dict)
    not_public: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Contents:
    """What an export holds: each file's digest and size, and how many files changed."""

    digests: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    changed: int = 0

    def add(self, written: list[Written]) -> None:
        for entry in written:
            self.digests[entry.file] = entry.digest
            self.sizes[entry.file] = entry.size
            self.changed += entry.changed


@dataclass
class Previous:
    files: dict[str, str]
    present: bool
    sizes: dict[str, int] = field(default_factory=dict)
    manifest_digest: str = ""


def export_site(
    *,
    directory: Path,
    base_url: str | None = None,
    workers: int | None = None,
    search: bool = True,
    progress: bool = False,
    collect_static: bool = True,
) -> Report:
    """Export every public page, feed, static file and a search index into ``directory``."""
    started = time.perf_counter()
    directory = Path(os.path.abspath(directory))
    base_url = validate_base_url(base_url)
    _check_directory(directory)  # a file or a foreign folder fails before anything is made
    mirror = links.Mirror(origin=_origin(base_url), base=base_url, static_url=settings.STATIC_URL)
    report = Report(directory=directory)
    with _exclusive(directory), rendering_at(mirror):
        planted = _remove_planted_links(directory)
        previous = _previous_export(directory)
        staging = _staging_folder(directory)
        try:
            state = _export_into(
                staging,
                directory,
                mirror,
                previous,
                report,
                workers,
                search,
                progress,
                collect_static,
                planted,
            )
            old = _swap(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _keep_standby(old, directory)
        if state is not None:
            changes.save_state(directory, state)
        else:
            changes.state_path(directory).unlink(missing_ok=True)
    report.seconds = time.perf_counter() - started
    return report


@contextlib.contextmanager
def rendering_at(mirror: links.Mirror):
    """Settings for rendering pages at the mirror's origin: its host allowed, no redirect
    to HTTPS, and 404 answers not logged.

    Seed addresses that need parameters answer 404, as expected; the report lists the
    addresses that pages link to and that were not found.
    """
    host = urlsplit(mirror.origin).hostname
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        with override_settings(
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host], SECURE_SSL_REDIRECT=False
        ):
            yield
    finally:
        request_log.setLevel(level)


def validate_base_url(base_url: str | None) -> str | None:
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ExportError(
            _("--base-url must be an http or https URL such as https://mirror.example/, not %s")
            % base_url
        )
    if parts.query or parts.fragment:
        raise ExportError(_("--base-url cannot have a query or fragment: %s") % base_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}"


def _origin(base_url: str | None) -> str:
    if base_url is None:
        return DEFAULT_ORIGIN
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _check_directory(directory: Path) -> None:
    if directory.is_symlink() and not directory.exists():
        raise ExportError(_("%s is a broken symbolic link") % directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(_("%s is a file, not a directory") % directory)
    if directory.is_dir() and not (directory / MANIFEST).is_file() and any(directory.iterdir()):
        raise ExportError(
            _("%s is not empty and holds no earlier export; choose a new or empty directory")
            % directory
        )


def _remove_planted_links(directory: Path) -> bool:
    """Remove every symbolic link inside the mirror and its standby copy; returns whether
    the mirror held any.

    The export makes no links, and the folders are its own: a link planted there would
    make it link, read or write what the link points to, outside the mirror. A standby
    that held one (or is one) is set aside whole, as its recorded state no longer
    describes it.
    """
    standby = _standby(directory)
    if standby.is_symlink():
        standby.unlink()
    elif standby.is_dir() and _unlink_links(standby):
        _remove_later(_aside(standby, directory))
    return directory.is_dir() and _unlink_links(directory)


def _unlink_links(folder: Path) -> bool:
    found = False
    for root, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = os.path.join(root, name)
            if os.path.islink(path):
                os.unlink(path)
                found = True
    return found


def _previous_export(directory: Path) -> Previous:
    _check_directory(directory)
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return Previous(files={}, present=directory.is_dir())
    try:
        raw = manifest.read_bytes()
        data = json.loads(raw)
        if data.get("format") != MANIFEST_FORMAT:
            return Previous(files={}, present=True)
        return Previous(
            files=dict(zip(data["files"], data["digests"], strict=True)),
            present=True,
            sizes=dict(zip(data["files"], data["sizes"], strict=True)),
            manifest_digest=digest(raw),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ExportError(
            _("cannot read %(file)s: %(error)s") % {"file": manifest, "error": error}
        ) from None


def _staging_folder(directory: Path) -> Path:
    """A new folder beside ``directory``; leftovers of killed exports are removed.

    In the background: one may be a replaced copy that a deletion process is still
    removing, and a whole export takes seconds to delete.
    """
    parent = directory.parent
    for stale in parent.glob(f".{directory.name}.export-*"):
        if stale.is_dir() and not stale.is_symlink():
            _remove_later(stale)
    try:
        return _new_folder(parent, f".{directory.name}.export-")
    except OSError as error:
        raise ExportError(
            _("cannot write in %(folder)s: %(reason)s")
            % {"folder": parent, "reason": error.strerror or error}
        ) from None


@contextlib.contextmanager
def _exclusive(directory: Path):
    """Hold a lock beside ``directory`` so two exports never write it at once."""
    parent = directory.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        handle = open(parent / f".{directory.name}.export-lock", "a")  # noqa: SIM115
    except OSError as error:
        raise ExportError(
            _("cannot write in %(folder)s: %(reason)s")
            % {"folder": parent, "reason": error.strerror or error}
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportError(_("another export into %s is running") % directory) from None
        yield


def _export_into(
    staging, directory, mirror, previous, report, workers, search, progress, collect_static, planted
):
    """Fill ``staging``; returns the state to keep for the next export, or None."""
    started = time.perf_counter()
    fingerprint = changes.code_fingerprint(f"{mirror.origin}|{mirror.base}|{search}")
    state = changes.load_state(directory) if previous.files else None
    if state is not None and planted:
        # The mirror lacks the files the links replaced: only a full export restores them.
        state, report.reason = None, _("symbolic links were removed from the mirror")
    outcome = None
    if state is not None:
        outcome = _export_changed_pages(
            state, fingerprint, staging, directory, mirror, previous, workers
        )
        if isinstance(outcome, str):
            report.reason, outcome = outcome, None
    if outcome is None:
        # Only here: an incremental export links the files the last one collected.
        if collect_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        outcome = _export_everything(staging, directory, mirror, previous, workers, progress)
        outcome["state"]["fingerprint"] = fingerprint
        report.full = True
    contents, indexed, new_state = outcome["contents"], outcome["indexed"], outcome["state"]
    present = outcome.get("present", {})
    report.render_seconds = time.perf_counter() - started
    report.pages = new_state["page_count"]
    report.not_public, report.missing = new_state["not_public"], new_state["missing"]
    report.rendered, report.views = outcome["rendered"], outcome["views"]
    if search:
        started = time.perf_counter()
        job = WriteJob(
            table={}, previous=previous.files, staging=staging, current=directory, present=present
        )
        index = build_search_index(staging, job, contents.digests, indexed, previous)
        contents.add(index.files)
        report.search_rebuilt, report.search_delta = index.rebuilt, index.delta
        report.search_seconds = time.perf_counter() - started
        report.indexed = len(indexed)
    _prune(staging, present, keep=contents.digests.keys())
    new_state["manifest"] = _write_manifest(staging, contents, mirror)
    new_state["standby"] = _standby_state(previous, new_state["manifest"], contents)
    report.files = len(contents.digests)
    report.written = contents.changed
    report.unchanged = report.files - report.written
    report.removed = sum(1 for name in previous.files if name not in contents.digests)
    return new_state if new_state.get("version") == current_version() else None


def _export_everything(staging, directory, mirror, previous, workers, progress) -> dict:
    """Render every page the site leads to and write the whole mirror."""
    version, exported_at = current_version(), timezone.now()
    current = directory if previous.files else None
    pool = _pool(mirror, workers)
    try:
        results = crawl(pool, mirror, progress=progress)
        table, redirects = address_table(results, mirror)
        job = WriteJob(table=table, previous=previous.files, staging=staging, current=current)
        written = pool.write(job)
    finally:
        pool.close()
    written += _write_redirect_pages(job, redirects, table, mirror)
    written += _copy_static_files(job)
    contents = Contents()
    contents.add(written)
    indexed = sorted(
        {
            table[key].file
            for result in results.values()
            for key in result.listed
            if key in table and table[key].file and table[key].file.endswith(links.INDEX)
        }
    )
    pages = list(results)
    recorded = [results[key].dependencies or array("q") for key in pages]
    dependencies = changes.index(pages, recorded, changes.Dependencies().tables)
    tracked = changes.tracked_models(set(dependencies))
    state = {
        "version": version,
        "exported_at": exported_at,
        "day": timezone.localdate().isoformat(),
        "pages": pages,
        "results": {key: (r.status, r.kind, r.public) for key, r in results.items()},
        "seconds": {key: round(r.seconds, 4) for key, r in results.items()},
        "table": {key: (target.file, target.external) for key, target in table.items()},
        "indexed": indexed,
        "dependencies": dependencies,
        "tables": [model._meta.db_table for model in tracked],
        "snapshot": changes.snapshot(tracked),
        "page_count": sum(1 for r in results.values() if r.key in table and r.public),
        "not_public": sorted(k for k, r in results.items() if r.status == 200 and not r.public),
        "missing": sorted(k for k, r in results.items() if r.status >= 400 and r.referenced),
    }
    return {
        "contents": contents,
        "indexed": indexed,
        "state": state,
        "rendered": len(results),
        "views": _time_per_view(results.values()),
    }


def _export_changed_pages(state, fingerprint, staging, directory, mirror, previous, workers):
    """Render only the pages that read rows changed since the last export.

    Returns the outcome, or the reason a full export is needed instead.
    """
    if state.get("fingerprint") != fingerprint:
        return _("the code, templates or options changed")
    if state.get("day") != timezone.localdate().isoformat():
        return _("the date changed")
    if previous.manifest_digest != state.get("manifest"):
        return _("the mirror is not the one the last export wrote")
    if not _static_files_collected():
        return _("the collected static files are missing")
    # Started first, the workers warm up while this process compares the database.
    pool = _pool(mirror, workers)
    try:
        version, now = current_version(), timezone.now()
        tracked = changes.tracked_models(set(state["tables"]))
        if changes.scheduled_time_passed(tracked, state["exported_at"], now):
            return _("a date or time in the content has passed since the last export")
        unread = changes.unread_changes(state["exported_at"], state["tables"])
        if unread:
            return _("%s changed, which no page read at the last full export") % ", ".join(unread)
        snapshot = changes.snapshot(tracked, state["snapshot"])
        verdict = changes.compare(state["snapshot"], snapshot, state["dependencies"])
        if verdict.pages is None:
            return verdict.reason
        keys = [state["pages"][number] for number in sorted(verdict.pages)]
        known, stored, seconds = state["results"], state["table"], state["seconds"]
        rendered = []
        # The slowest first (taken from the end), as long as the last export took them.
        frontier = sorted(keys, key=lambda key: seconds.get(key, 0.0))
        pool.render_all(frontier, rendered.append, one_by_one=True)
        for result in rendered:
            if (result.status, result.kind, result.public) != known.get(result.key):
                return _("%s answers differently now") % result.key
            if any(k not in known and not mirror.is_static(k) for k in result.references):
                return _("%s links to an address the last export did not have") % result.key
        # What writing the rendered pages needs, not the whole site's table and digests.
        table = {
            key: links.Target(*stored[key])
            for result in rendered
            for key in (result.key, *result.references)
            if key in stored
        }
        renewed = {table[key].file for key in keys if key in table and table[key].file}
        present = _take_standby(directory, staging, state.get("standby"), previous.files)
        links_job = WriteJob(
            table={}, previous=previous.files, staging=staging, current=directory, present=present
        )
        contents = _link_unchanged(links_job, previous, skip=renewed)
        pages_job = WriteJob(
            table=table,
            previous={file: previous.files[file] for file in renewed if file in previous.files},
            staging=staging,
            current=directory,
            present={file: present[file] for file in renewed if file in present},
        )
        contents.add(pool.write(pages_job))
    finally:
        pool.close()
    state = {**state, "version": version, "exported_at": now, "snapshot": snapshot}
    return {
        "contents": contents,
        "indexed": state["indexed"],
        "state": state,
        "rendered": len(keys),
        "views": _time_per_view(rendered),
        "present": present,
    }


def _static_files_collected() -> bool:
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    return manifest is None or staticfiles_storage.exists(manifest)


def _time_per_view(results) -> dict:
    views: dict[str, list] = {}
    for result in results:
        entry = views.setdefault(result.view or "-", [0, 0.0])
        entry[0] += 1
        entry[1] += result.seconds
    return {view: tuple(entry) for view, entry in views.items()}


def _link_unchanged(job: WriteJob, previous, *, skip: set) -> Contents:
    """Link every file of the last export into staging except ``skip`` and the index."""
    kept = {
        name: sha
        for name, sha in previous.files.items()
        if name not in skip and not name.startswith(SEARCH_FILES)
    }
    if job.present:
        for name, sha in kept.items():
            if job.present.get(name) != sha:
                link_file(job, name, 0)
    else:
        _link_tree(job.current, job.staging, kept)
    return Contents(digests=kept, sizes={name: previous.sizes[name] for name in kept})


def _link_tree(source: Path, target: Path, names) -> None:
    """Hard-link the files ``names`` of ``source`` into the empty folder ``target``."""
    folders = set()
    for name in names:
        folder = name.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders):  # parents sort before their children
        os.mkdir(target / folder)
    source_prefix, target_prefix = f"{source}/", f"{target}/"
    for name in names:
        os.link(source_prefix + name, target_prefix + name, follow_symlinks=False)


def _standby(directory: Path) -> Path:
    return directory.parent / f".{directory.name}.standby"


def _take_standby(directory: Path, staging: Path, expected, current: dict) -> dict[str, str]:
    """Move the standby copy into the (empty) staging folder; the digests of its files.

    The standby is the export before the last one, kept beside DIR; its unchanged
    files are hard links to DIR's. Bringing it up to date touches only what changed
    in the last two exports instead of linking every file again. ``expected`` is
    what ``_standby_state`` recorded, ``current`` the digests of DIR's files. Returns
    {} (and staging stays empty) when there is no such standby.
    """
    standby = _standby(directory)
    try:
        manifest_digest, differences = expected
        if digest((standby / MANIFEST).read_bytes()) != manifest_digest:
            return {}
        os.rmdir(staging)
        os.rename(standby, staging)
    except (OSError, TypeError, ValueError):
        staging.mkdir(exist_ok=True)
        return {}
    # From here on it is a staging folder: if this export stops, it is removed.
    (staging / MANIFEST).unlink()
    files = dict(current)
    for name, sha in differences.items():
        if sha is None:
            files.pop(name, None)
        else:
            files[name] = sha
    return files


def _standby_state(previous: Previous, manifest_digest: str, contents: Contents) -> tuple:
    """What the standby will be once this export is in place (see _keep_standby): its
    manifest's digest, and its files that differ from this export's ({file: digest, or
    None for a file it lacks}). Few differ, and the state stays small."""
    if not previous.files:
        return manifest_digest, {}  # the first standby is a copy of this export
    differences = {
        name: sha for name, sha in previous.files.items() if contents.digests.get(name) != sha
    }
    differences.update(dict.fromkeys(contents.digests.keys() - previous.files.keys()))
    return previous.manifest_digest, differences


def _prune(staging: Path, present: dict[str, str], *, keep: set) -> None:
    """Remove what an updated standby holds that this export does not, empty folders too."""
    folders = set()
    for name in present.keys() - keep:
        (staging / name).unlink(missing_ok=True)
        folders.add(name.rpartition("/")[0])
    for folder in sorted(folders, key=len, reverse=True):  # children before parents
        while folder:
            try:
                os.rmdir(staging / folder)
            except OSError:
                break  # not empty
            folder = folder.rpartition("/")[0]


def _keep_standby(old: Path | None, directory: Path) -> None:
    """Keep the replaced export as the standby copy, or make one of hard links to DIR."""
    standby = _standby(directory)
    if standby.exists():
        _remove_later(_aside(standby, directory))
    if old is not None and (old / MANIFEST).is_file():
        os.rename(old, standby)
        return
    if old is not None:
        _remove_later(old)
    # The first export: a copy of hard links costs a few seconds once, and no disk.
    copy = _new_folder(directory.parent, f".{directory.name}.export-standby-")
    names = list(json.loads((directory / MANIFEST).read_bytes())["files"])
    _link_tree(directory, copy, [*names, MANIFEST])  # the manifest last: it marks a whole copy
    os.rename(copy, standby)


def _aside(path: Path, directory: Path) -> Path:
    """Move ``path`` into a new folder named like a staging folder, so a later export
    clears it if its deletion is killed."""
    holder = _new_folder(directory.parent, f".{directory.name}.export-old-")
    os.rename(path, holder / path.name)
    return holder


def _pool(mirror, workers):
    size = workers or os.cpu_count() or 1
    database = connections["default"]
    if size <= 1 or database.vendor == "sqlite" and database.is_in_memory_db():
        return InlinePool(mirror)
    return WorkerPool(mirror, size)


def crawl(pool, mirror: links.Mirror, *, progress: bool = False) -> dict[str, Rendered]:
    """Render everything the site's own pages lead to, starting from the seed addresses."""
    frontier = selectors.seed_addresses()
    seen = set(frontier)
    referenced: set[str] = set()
    results: dict[str, Rendered] = {}
    variants = selectors.language_variants
    bar = tqdm(
        total=len(frontier),
        desc=_("Rendering"),
        unit=_("page"),
        disable=not progress,
        mininterval=0.5,
    )

    def on_result(result: Rendered) -> None:
        results[result.key] = result
        follow = list(result.references)
        if result.status in REDIRECTS and result.location:
            found = mirror.internal_key(result.location, result.key)
            if found is not None:
                follow.append(found[0])
        referenced.update(follow)
        new = []
        for key in follow:
            if key in seen or mirror.is_static(key):
                continue
            # The same page in the other languages runs the same queries: render
            # them side by side, in one batch of one worker, to reuse its memo.
            for variant in variants(key):
                if variant not in seen:
                    seen.add(variant)
                    new.append(variant)
        frontier.extend(new)
        bar.total += len(new)
        bar.update(1)

    try:
        pool.render_all(frontier, on_result)
    finally:
        bar.close()
    for key, result in results.items():
        result.referenced = key in referenced
    return results


def address_table(results: dict[str, Rendered], mirror: links.Mirror):
    """Where each rendered address lives in the mirror, and the redirects to write."""
    table: dict[str, links.Target] = {}
    owners: dict[str, str] = {}
    for key, result in results.items():
        if result.status != 200 or not result.public:
            continue
        file = links.file_for(key, result.kind)
        if file in owners:
            raise ExportError(
                _("%(first)s and %(second)s would both be written to %(file)s")
                % {"first": owners[file], "second": key, "file": file}
            )
        owners[file] = key
        table[key] = links.Target(file=file)
    folders = {name.rsplit("/", 1)[0] for name in owners if "/" in name}
    redirects: dict[str, str] = {}
    for key, result in results.items():
        if result.status not in REDIRECTS:
            continue
        target = _follow(key, results, mirror)
        if target is None:
            continue
        if target.external:
            table[key] = target
            continue
        table[key] = target
        stub = links.file_for(key, "html")
        if stub not in owners and stub not in folders:
            redirects[key] = stub
    return table, redirects


def _follow(key: str, results: dict[str, Rendered], mirror: links.Mirror) -> links.Target | None:
    for _hop in range(MAX_REDIRECTS):
        result = results.get(key)
        if result is None:
            return None
        if result.status == 200:
            return links.Target(file=links.file_for(key, result.kind)) if result.public else None
        if result.status not in REDIRECTS:
            return None
        found = mirror.internal_key(result.location, key)
        if found is None:
            return links.Target(external=urljoin(mirror.origin + key, result.location))
        key = found[0]
    return None


def _write_redirect_pages(job: WriteJob, redirects: dict[str, str], table, mirror) -> list:
    written = []
    for key, stub in sorted(redirects.items()):
        target = table[key].file
        address = (
            links.relative(target, stub)
            if mirror.relative
            else mirror.address(target, absolute=True)
        )
        language = selectors.language_of(key)
        with translation.override(language):
            page = links.redirect_page(
                address,
                title=_("Moved"),
                text=_("This page has moved. Continue to the new address."),
                lang=language,
            )
        written.append(write_file(job, stub, page.encode()))
    return written


def _copy_static_files(job: WriteJob) -> list[Written]:
    written = []
    for name, source in selectors.static_files():
        data = source.read_bytes()
        written.append(write_file(job, name, data))
    return written


def pagefind_binary() -> str:
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        found = shutil.which("pagefind")
        if found:
            return found
    raise ExportError(
        _(
            "the pagefind program is missing: install it with pip install 'pagefind[bin]', "
            "or export with --no-search"
        )
    )


@dataclass
class SearchIndex:
    files: list[Written]
    rebuilt: bool  # the full index was built again
    delta: int  # pages in the delta index


def build_search_index(staging: Path, job: WriteJob, digests, indexed, previous) -> SearchIndex:
    """Pagefind's index of the listed pages: the last full index with a delta, or a new one.

    Pagefind cannot update an index. A page that changed since the full index was
    built goes into a small delta index of its own (``pagefind-delta/``), and the
    full index's entry for it (or for a page that is gone) is listed in
    ``flames-overlay.json`` for the search page to hide. Past DELTA_PAGES pages and
    DELTA_SHARE of all, the full index is built again and the delta emptied. ``digests``
    are those of every file of this export but the index.
    """
    base = _search_base(job) if SEARCH_BASE in previous.files else {}
    old_index = [
        name
        for name in previous.files
        if name.startswith(f"{SEARCH_DIR}/") and name != OVERLAY or name == SEARCH_BASE
    ]
    if base:
        stale = [file for file, (sha, _page) in base.items() if digests.get(file) != sha]
        fresh = [file for file in indexed if file not in base or base[file][0] != digests[file]]
        if len(stale) + len(fresh) <= max(DELTA_PAGES, DELTA_SHARE * len(indexed)):
            files = [link_file(job, name, previous.sizes.get(name, 0)) for name in old_index]
            languages = []
            if fresh:
                files += _pagefind(staging, job, fresh, DELTA_DIR)
                entry = json.loads((staging / DELTA_DIR / "pagefind-entry.json").read_bytes())
                languages = sorted(entry["languages"])
            hidden = sorted(base[file][1] for file in stale)
            files.append(_write_overlay(job, delta=languages, hidden=hidden))
            return SearchIndex(files, rebuilt=False, delta=len(fresh))
    files = _pagefind(staging, job, indexed, SEARCH_DIR)
    files.append(_write_overlay(job, delta=[], hidden=[]))
    pages = _pagefind_pages(staging / SEARCH_DIR)
    base = {file: [digests[file], pages[file]] for file in indexed if file in pages}
    files.append(write_file(job, SEARCH_BASE, json.dumps(base, separators=(",", ":")).encode()))
    return SearchIndex(files, rebuilt=True, delta=0)


def _search_base(job: WriteJob) -> dict[str, list]:
    try:
        return json.loads((job.current / SEARCH_BASE).read_bytes())
    except (OSError, ValueError):
        return {}  # a new full index will be built


def _write_overlay(job: WriteJob, *, delta: list[str], hidden: list[str]) -> Written:
    """The overlay: the delta index's languages (Pagefind would answer a reader in
    another language from the biggest one) and the full index's entries to hide."""
    data = json.dumps({"delta": delta, "hidden": hidden}, separators=(",", ":"))
    return write_file(job, OVERLAY, data.encode())


def _pagefind(staging: Path, job: WriteJob, pages: list[str], output: str) -> list[Written]:
    """Run Pagefind over ``pages`` of the staging folder; its files, written into ``output``."""
    binary = pagefind_binary()
    view = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=staging.parent))
    try:
        for name in pages:
            destination = view / "site" / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / name, destination, follow_symlinks=False)
        command = [
            binary,
            "--site",
            str(view / "site"),
            "--output-path",
            str(view / "index"),
            "--root-selector",
            SEARCH_ROOT,
            "--exclude-selectors",
            SEARCH_EXCLUDE,
            "--silent",
        ]
        finished = subprocess.run(command, capture_output=True, text=True)
        if finished.returncode != 0:
            detail = (finished.stderr or finished.stdout).strip().splitlines()
            raise ExportError(
                _("pagefind failed: %s") % (detail[-1] if detail else finished.returncode)
            )
        # Through write_file, so index files that did not change keep their old copy.
        files = []
        for folder, _dirs, names in os.walk(view / "index"):
            for name in sorted(names):
                path = Path(folder) / name
                relative = f"{output}/{path.relative_to(view / 'index').as_posix()}"
                files.append(write_file(job, relative, path.read_bytes()))
    finally:
        shutil.rmtree(view, ignore_errors=True)
    return files


def _pagefind_pages(index: Path) -> dict[str, str]:
    """{mirror file: Pagefind's page id} from an index's fragments (gzip, a prefix, JSON)."""
    pages = {}
    for fragment in (index / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        url = unquote(json.loads(data[data.index(b"{") :])["url"]).lstrip("/")
        pages[url + links.INDEX if url.endswith("/") or not url else url] = fragment.stem
    return pages


def _write_manifest(staging: Path, contents: Contents, mirror) -> str:
    """Every file, and its digest and size at the same position of the next two lists:
    three flat lists write and read in half the time of an object per file."""
    manifest = staging / MANIFEST
    manifest.parent.mkdir(parents=True, exist_ok=True)
    names = sorted(contents.digests)
    data = {
        "format": MANIFEST_FORMAT,
        "base_url": mirror.base,
        "origin": mirror.origin,
        "exported_at": timezone.now().isoformat(),
        "files": names,
        "digests": [contents.digests[name] for name in names],
        "sizes": [contents.sizes[name] for name in names],
    }
    encoded = json.dumps(data, separators=(",", ":")).encode()
    with naming(manifest):
        manifest.write_bytes(encoded)
    return digest(encoded)


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent`` whose mode follows the umask, as one cp makes would:
    tempfile.mkdtemp's are 0700, and the mirror is for a web server to read."""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(6)}"
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
            return folder


def _swap(staging: Path, directory: Path) -> Path | None:
    """Put the finished export in place of ``directory``; returns where the old one is now."""
    if not directory.exists():
        os.rename(staging, directory)
        return None
    # The operator's mode and group of DIR (chmod 750, chgrp www-data) carry over.
    current = directory.stat()
    os.chmod(staging, stat.S_IMODE(current.st_mode))
    if staging.stat().st_gid != current.st_gid:
        with contextlib.suppress(PermissionError):
            os.chown(staging, -1, current.st_gid)
    if _exchange(staging, directory):
        return staging
    holder = _aside(directory, directory)
    os.rename(staging, directory)
    return holder / directory.name


def _remove_later(folder: Path) -> None:
    """Delete the replaced export in a process of its own: the new one is already in place.

    Its name starts like a staging folder's, so the next export removes what a
    killed deletion left behind.
    """
    subprocess.Popen(
        [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", folder],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0
