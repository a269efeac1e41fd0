"""The mirror's search index: Pagefind's index of the pages the sitemap lists.

Pagefind cannot update an index. A page that changed since the full index was
built goes into a small delta index of its own, and the search page hides the full
index's stale entries.
"""

import gzip
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.utils.translation import gettext as _

from flames.export import links
from flames.export.errors import ExportError
from flames.export.rendering import WriteJob, Written, link_file, write_file
from flames.export.writing import STATE_DIR, Previous

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
# Pagefind indexes each page's main content, without its navigation and the
# calls to action every episode page repeats.
SEARCH_ROOT = "main"
SEARCH_EXCLUDE = "nav, .actions, .follow, .calendar-links, .player-note, form"


def pagefind_binary() -> str:
    try:
        from pagefind_bin import get_executable  # noqa: PLC0415 — an optional wheel

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


def build_search_index(
    *,
    staging: Path,
    job: WriteJob,
    digests: dict[str, str],
    indexed: list[str],
    previous: Previous,
    rebuild: bool,
) -> SearchIndex:
    """Pagefind's index of the listed pages: the last full index with a delta, or a new one.

    Pagefind cannot update an index. A page that changed since the full index was
    built goes into a small delta index of its own (``pagefind-delta/``), and the
    full index's entry for it (or for a page that is gone) is listed in
    ``flames-overlay.json`` for the search page to hide. Past DELTA_PAGES pages and
    DELTA_SHARE of all, the full index is built again and the delta emptied, as it is when
    asked to ``rebuild``: the old index would keep, hidden but there, the words of pages
    that must no longer hold them. ``digests`` are those of every file of this export but
    the index.
    """
    base = _search_base(job) if SEARCH_BASE in previous.files and not rebuild else {}
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
