"""Export the public site as plain files: ``export_site``.

The export is a pipeline of small modules:

1. ``crawl``: render the root, every parameterless address (the sitemap and
   robots.txt among them) in every language through the real views, and every
   address of the site those pages refer to, until nothing new turns up. Public
   pages (``@public_page``: a 200 with ``Cache-Control: public``) are kept.
2. ``addresses``: with every address known (a page, a redirect, something that
   is not public), where each lives in the mirror.
3. ``rendering`` and ``writing``: rewrite each page's links for the mirror and
   write it into a sibling staging folder; a file whose bytes equal the last
   export's is hard-linked from it instead. Redirects become small pages that
   send the reader on; collected static files are copied; ``search_index``:
   Pagefind indexes the pages the sitemap lists.
4. ``swap``: the staging folder replaces DIR in one rename, so DIR is always a
   whole export, the old one or the new one, whatever stops the process.

When the database changed only in text fields of existing rows since the last
export (``state``, which asks ``changes``), ``passes`` renders only the pages
that read those rows and every other file is linked from the last export. A change to
how a speaker is shown or withdrawn (``selectors.protection_digest``) keeps nothing of
the last export but identical files: every page is rendered, the search index is built
anew and the last export is deleted rather than kept as the standby copy, since any of
them may name the speaker.
"""

import contextlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from flames.export import links, selectors, state, swap
from flames.export.errors import ExportError
from flames.export.passes import Pass, export_changed_pages, export_everything
from flames.export.rendering import WriteJob
from flames.export.search_index import build_search_index
from flames.export.state import ExportState, FullExportNeeded
from flames.export.writing import MANIFEST, Previous, prune, read_previous, write_manifest
from flames.web.pagecache import current_version

# Without a base URL, addresses that must be absolute (feeds, sitemap, OpenGraph,
# JSON-LD) are written at this origin.
DEFAULT_ORIGIN = "http://localhost"


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
    # How speakers are shown or withdrawn changed: nothing of the last export was kept but
    # identical files (its search index and standby copy were deleted).
    protection_changed: bool = False
    reason: str = ""  # why the export had to render everything
    rendered: int = 0
    # Per view: (pages, seconds spent rendering them), to see where the time goes.
    views: dict[str, tuple[int, float]] = field(default_factory=dict)
    not_public: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


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
    with swap.exclusive(directory), rendering_at(mirror):
        planted = swap.remove_planted_links(directory)
        _check_directory(directory)
        previous = read_previous(directory)
        # Read before anything renders: a change made during the export differs from it.
        protection = selectors.protection_digest()
        report.protection_changed = bool(previous.files) and (
            state.last_protection(directory) != protection
        )
        staging = swap.staging_folder(directory)
        try:
            kept = _export_into(
                staging=staging,
                directory=directory,
                mirror=mirror,
                previous=previous,
                report=report,
                workers=workers,
                search=search,
                progress=progress,
                collect_static=collect_static,
                planted=planted,
            )
            old = swap.swap(staging=staging, directory=directory)
        except BaseException:
            swap.remove(staging)
            raise
        swap.keep_standby(old=old, directory=directory, reuse=not report.protection_changed)
        state.save_protection(directory, protection)
        if kept is not None:
            state.save(directory, kept)
        else:
            state.forget(directory)
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


def _export_into(
    *,
    staging: Path,
    directory: Path,
    mirror: links.Mirror,
    previous: Previous,
    report: Report,
    workers: int | None,
    search: bool,
    progress: bool,
    collect_static: bool,
    planted: bool,
) -> ExportState | None:
    """Fill ``staging``; returns the state to keep for the next export, or None."""
    started = time.perf_counter()
    fingerprint = state.fingerprint(f"{mirror.origin}|{mirror.base}|{search}")
    last = state.load(directory) if previous.files else None
    if report.protection_changed:
        # Pages that did not read the rows changed (lists read names as bare values) may
        # name the speaker: the incremental export would keep them.
        last, report.reason = None, _("how speakers are shown or withdrawn changed")
    if last is not None and planted:
        # The mirror lacks the files the links replaced: only a full export restores them.
        last, report.reason = None, _("symbolic links were removed from the mirror")
    done: Pass | None = None
    if last is not None:
        try:
            done = export_changed_pages(
                last=last,
                fingerprint=fingerprint,
                staging=staging,
                directory=directory,
                mirror=mirror,
                previous=previous,
                workers=workers,
            )
        except FullExportNeeded as needed:
            report.reason = str(needed)
    if done is None:
        # Only here: an incremental export links the files the last one collected.
        if collect_static:
            call_command("collectstatic", interactive=False, verbosity=0)
        done = export_everything(
            staging=staging,
            directory=directory,
            mirror=mirror,
            previous=previous,
            workers=workers,
            progress=progress,
            fingerprint=fingerprint,
        )
        report.full = True
    contents, kept = done.contents, done.state
    report.render_seconds = time.perf_counter() - started
    report.pages = kept.page_count
    report.not_public, report.missing = kept.not_public, kept.missing
    report.rendered, report.views = done.rendered, done.views
    if search:
        started = time.perf_counter()
        job = WriteJob(
            table={},
            previous=previous.files,
            staging=staging,
            current=directory,
            present=done.present,
        )
        index = build_search_index(
            staging=staging,
            job=job,
            digests=contents.digests,
            indexed=kept.indexed,
            previous=previous,
            rebuild=report.protection_changed,
        )
        contents.add(index.files)
        report.search_rebuilt, report.search_delta = index.rebuilt, index.delta
        report.search_seconds = time.perf_counter() - started
        report.indexed = len(kept.indexed)
    prune(staging=staging, present=done.present, keep=contents.digests.keys())
    kept.manifest = write_manifest(staging=staging, contents=contents, mirror=mirror)
    kept.standby = swap.standby_state(
        previous=previous,
        manifest_digest=kept.manifest,
        contents=contents,
        reuse=not report.protection_changed,
    )
    report.files = len(contents.digests)
    report.written = contents.changed
    report.unchanged = report.files - report.written
    report.removed = sum(1 for name in previous.files if name not in contents.digests)
    return kept if kept.version == current_version() else None
