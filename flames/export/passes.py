"""The two ways an export fills its staging folder: render every page the site leads
to (``export_everything``), or only the pages that read rows changed since the last
export, linking every other file from it (``export_changed_pages``)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from flames.export import links, state, swap
from flames.export.addresses import address_table
from flames.export.crawl import crawl, open_pool, time_per_view
from flames.export.rendering import WriteJob
from flames.export.search_index import SEARCH_FILES
from flames.export.state import ExportState, FullExportNeeded
from flames.export.writing import (
    Contents,
    Previous,
    copy_static_files,
    link_unchanged,
    write_redirect_pages,
)
from flames.web.pagecache import current_version


@dataclass
class Pass:
    """What one pass wrote into staging, and what the next export needs to know."""

    contents: Contents
    state: ExportState
    rendered: int  # pages rendered
    views: dict[str, tuple[int, float]]  # per view: (pages, seconds)
    # What staging held before the pass wrote into it (an updated standby copy).
    present: dict[str, str] = field(default_factory=dict)


def export_everything(
    *,
    staging: Path,
    directory: Path,
    mirror: links.Mirror,
    previous: Previous,
    workers: int | None,
    progress: bool,
    fingerprint: str,
) -> Pass:
    """Render every page the site leads to and write the whole mirror."""
    version, exported_at = current_version(), timezone.now()
    current = directory if previous.files else None
    pool = open_pool(mirror=mirror, workers=workers)
    try:
        results = crawl(pool, mirror, progress=progress)
        addresses = address_table(results, mirror)
        table = addresses.targets
        job = WriteJob(table=table, previous=previous.files, staging=staging, current=current)
        written = pool.write(job)
    finally:
        pool.close()
    written += write_redirect_pages(
        job=job, redirects=addresses.redirects, table=table, mirror=mirror
    )
    written += copy_static_files(job)
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
    reads = state.record_reads(results)
    new_state = ExportState(
        fingerprint=fingerprint,
        version=version,
        exported_at=exported_at,
        day=timezone.localdate().isoformat(),
        pages=list(results),
        results={key: (r.status, r.kind, r.public) for key, r in results.items()},
        seconds={key: round(r.seconds, 4) for key, r in results.items()},
        table={key: (target.file, target.external) for key, target in table.items()},
        indexed=indexed,
        page_count=sum(1 for r in results.values() if r.key in table and r.public),
        not_public=sorted(k for k, r in results.items() if r.status == 200 and not r.public),
        missing=sorted(k for k, r in results.items() if r.status >= 400 and r.referenced),
        dependencies=reads.dependencies,
        tables=reads.tables,
        snapshot=reads.snapshot,
    )
    return Pass(
        contents=contents,
        state=new_state,
        rendered=len(results),
        views=time_per_view(results.values()),
    )


def export_changed_pages(
    *,
    last: ExportState,
    fingerprint: str,
    staging: Path,
    directory: Path,
    mirror: links.Mirror,
    previous: Previous,
    workers: int | None,
) -> Pass:
    """Render only the pages that read rows changed since the ``last`` export; raises
    FullExportNeeded when that cannot bring the mirror up to date."""
    if last.fingerprint != fingerprint:
        raise FullExportNeeded(_("the code, templates or options changed"))
    if last.day != timezone.localdate().isoformat():
        raise FullExportNeeded(_("the date changed"))
    if previous.manifest_digest != last.manifest:
        raise FullExportNeeded(_("the mirror is not the one the last export wrote"))
    if not _static_files_collected():
        raise FullExportNeeded(_("the collected static files are missing"))
    # Started first, the workers warm up while this process compares the database.
    pool = open_pool(mirror=mirror, workers=workers)
    try:
        version, now = current_version(), timezone.now()
        numbers, reads = state.changed_pages(last.reads, since=last.exported_at, now=now)
        keys = [last.pages[number] for number in numbers]
        known, stored = last.results, last.table
        rendered = []
        # The slowest first (taken from the end), as long as the last export took them.
        frontier = sorted(keys, key=lambda key: last.seconds.get(key, 0.0))
        pool.render_all(frontier, rendered.append, one_by_one=True)
        for result in rendered:
            if (result.status, result.kind, result.public) != known.get(result.key):
                raise FullExportNeeded(_("%s answers differently now") % result.key)
            if any(k not in known and not mirror.is_static(k) for k in result.references):
                raise FullExportNeeded(
                    _("%s links to an address the last export did not have") % result.key
                )
        # What writing the rendered pages needs, not the whole site's table and digests.
        table = {
            key: links.Target(*stored[key])
            for result in rendered
            for key in (result.key, *result.references)
            if key in stored
        }
        renewed = {table[key].file for key in keys if key in table and table[key].file}
        present = swap.take_standby(
            directory=directory, staging=staging, expected=last.standby, current=previous.files
        )
        links_job = WriteJob(
            table={}, previous=previous.files, staging=staging, current=directory, present=present
        )
        contents = link_unchanged(
            job=links_job, previous=previous, skip=renewed, excluded=SEARCH_FILES
        )
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
    last.version, last.exported_at, last.snapshot = version, now, reads.snapshot
    return Pass(
        contents=contents,
        state=last,
        rendered=len(keys),
        views=time_per_view(rendered),
        present=present,
    )


def _static_files_collected() -> bool:
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    return manifest is None or staticfiles_storage.exists(manifest)
