"""Where an export is written and how it replaces the last one.

An export is written into a new folder beside DIR (``staging_folder``) while a
lock beside DIR keeps a second export out (``exclusive``). The finished folder
replaces DIR in one rename (``swap``, an atomic exchange where the kernel offers
one), so DIR is always a whole export. The replaced export is kept as the
standby copy, ``.DIR.standby``, which the next incremental export brings up to
date and swaps in, instead of linking every file again (``take_standby``).
"""

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import secrets
import shutil
import stat
from pathlib import Path

from django.utils.translation import gettext as _

from flames.export.errors import ExportError
from flames.export.rendering import digest
from flames.export.writing import MANIFEST, Contents, Previous, link_tree


@contextlib.contextmanager
def exclusive(directory: Path):
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


def staging_folder(directory: Path) -> Path:
    """A new folder beside ``directory``; leftovers of killed exports are removed."""
    parent = directory.parent
    for stale in parent.glob(f".{directory.name}.export-*"):
        if stale.is_dir() and not stale.is_symlink():
            remove(stale)
    try:
        return new_folder(parent, f".{directory.name}.export-")
    except OSError as error:
        raise ExportError(
            _("cannot write in %(folder)s: %(reason)s")
            % {"folder": parent, "reason": error.strerror or error}
        ) from None


def new_folder(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent`` whose mode follows the umask, as one cp makes would:
    tempfile.mkdtemp's are 0700, and the mirror is for a web server to read."""
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(6)}"
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
            return folder


def swap(*, staging: Path, directory: Path) -> Path | None:
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
    if exchange(staging, directory):
        return staging
    holder = aside(directory, directory=directory)
    os.rename(staging, directory)
    return holder / directory.name


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first: Path, second: Path) -> bool:
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


def remove(folder: Path) -> None:
    """Delete a replaced export or a killed export's leftovers."""
    shutil.rmtree(folder, ignore_errors=True)


def aside(path: Path, *, directory: Path) -> Path:
    """Move ``path`` into a new folder named like a staging folder, so a later export
    clears it if its deletion is killed."""
    holder = new_folder(directory.parent, f".{directory.name}.export-old-")
    os.rename(path, holder / path.name)
    return holder


def remove_planted_links(directory: Path) -> bool:
    """Remove every symbolic link inside the mirror and its standby copy; returns whether
    the mirror held any.

    The export makes no links, and the folders are its own: a link planted there would
    make it link, read or write what the link points to, outside the mirror. A standby
    that held one (or is one) is set aside whole, as its recorded state no longer
    describes it.
    """
    standby = standby_path(directory)
    if standby.is_symlink():
        standby.unlink()
    elif standby.is_dir() and _unlink_links(standby):
        remove(aside(standby, directory=directory))
    return directory.is_dir() and _unlink_links(directory)


def _unlink_links(folder: Path) -> bool:
    # Each export walks two whole trees: the type scandir reads with each name, rather
    # than a stat of every file, makes the walk a quarter of os.walk's (bench/README.md).
    found = False
    pending = [os.fspath(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    os.unlink(entry.path)
                    found = True
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return found


def standby_path(directory: Path) -> Path:
    return directory.parent / f".{directory.name}.standby"


def keep_standby(*, old: Path | None, directory: Path, reuse: bool) -> None:
    """Keep the replaced export as the standby copy, or (``reuse`` False: it may name
    speakers since withdrawn or protected) delete it and make one of hard links to DIR."""
    standby = standby_path(directory)
    if standby.exists():
        remove(aside(standby, directory=directory))
    if reuse and old is not None and (old / MANIFEST).is_file():
        os.rename(old, standby)
        return
    if old is not None:
        remove(old)
    # The first export: a copy of hard links costs a few seconds once, and no disk.
    copy = new_folder(directory.parent, f".{directory.name}.export-standby-")
    names = list(json.loads((directory / MANIFEST).read_bytes())["files"])
    link_tree(directory, copy, [*names, MANIFEST])  # the manifest last: it marks a whole copy
    os.rename(copy, standby)


# What the standby will hold once an export is in place: its manifest's digest, and
# its files that differ from that export's ({file: digest, or None for a file it lacks}).
StandbyState = tuple[str, dict[str, str | None]]


def take_standby(
    *, directory: Path, staging: Path, expected: StandbyState | None, current: dict[str, str]
) -> dict[str, str]:
    """Move the standby copy into the (empty) staging folder; the digests of its files.

    The standby is the export before the last one, kept beside DIR; its unchanged
    files are hard links to DIR's. Bringing it up to date touches only what changed
    in the last two exports instead of linking every file again. ``expected`` is
    what ``standby_state`` recorded, ``current`` the digests of DIR's files. Returns
    {} (and staging stays empty) when there is no such standby.
    """
    standby = standby_path(directory)
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


def standby_state(
    *, previous: Previous, manifest_digest: str, contents: Contents, reuse: bool
) -> StandbyState:
    """What the standby will be once this export is in place (see keep_standby). Few
    files differ, and the state stays small."""
    if not reuse or not previous.files:
        return manifest_digest, {}  # a copy of this export
    differences: dict[str, str | None] = {
        name: sha for name, sha in previous.files.items() if contents.digests.get(name) != sha
    }
    differences.update(dict.fromkeys(contents.digests.keys() - previous.files.keys()))
    return previous.manifest_digest, differences
