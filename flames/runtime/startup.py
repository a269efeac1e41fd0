"""The files Flames makes for itself, at start-up rather than when settings are imported.

Settings only read the environment and files; importing them writes nothing. The
``flames`` command (``flames.cli``) and the WSGI application (``flames.wsgi``) load the
settings inside ``secret_key()``, which makes the data directory's key file first when
no key is configured, and then call ``create_database_file``.
"""

import contextlib
import os
import secrets
import sys
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

import flames

KEY_VARIABLES = ("FLAMES_SECRET_KEY", "FLAMES_SECRET_KEY_FILE")
KEY_FILE_NAME = "secret_key"


# Installed from a checkout (``pip install -e``, as make does), the code sits in it.
CHECKOUT = Path(flames.__file__).resolve().parent.parent


def data_directory() -> Path:
    """FLAMES_DATA_DIR, else the checkout's ``var/``; never the current directory, where
    `cd /tmp && flames serve` would quietly start an empty site."""
    named = os.environ.get("FLAMES_DATA_DIR", "").strip()
    if named:
        return Path(named).resolve()
    if (CHECKOUT / "pyproject.toml").is_file():
        return CHECKOUT / "var"
    raise ImproperlyConfigured(
        "FLAMES_DATA_DIR is not set: name the folder of the database, the secret key and the "
        "static files"
    )


def default_key_file() -> Path:
    """Where the key lives when no variable names one."""
    return data_directory() / KEY_FILE_NAME


def key_configured() -> bool:
    return any(os.environ.get(name, "").strip() for name in KEY_VARIABLES)


@contextlib.contextmanager
def secret_key(*, throwaway: bool = False):
    """A secret key for the settings loaded inside: configured, stored, or created now.

    A key created here is removed if loading the settings fails, so the first start
    that works is the one that creates it and says so, in one line on stderr.
    ``throwaway``: see ``use_throwaway_key``.
    """
    if throwaway:
        use_throwaway_key()
        yield
        return
    created = ensure_secret_key()
    try:
        yield
    except BaseException:
        if created:
            created.unlink(missing_ok=True)
        raise
    if created:
        sys.stderr.write(
            _(
                "flames: created a new secret key in %(file)s; give every app server this "
                "file or the same FLAMES_SECRET_KEY"
            )
            % {"file": created}
            + "\n"
        )


def ensure_secret_key() -> Path | None:
    """Create the data directory's key file if no key is configured and there is none yet.

    Returns the file's path when this call created it, so the caller can say so once.
    """
    if key_configured():
        return None
    path = default_key_file()
    if path.exists():
        return None
    _make_folder_for(path)
    try:
        # mkstemp's file is 0600 whatever the umask. Written whole, then linked into
        # place: app servers starting side by side never read half a key, and the first
        # link wins.
        handle, temporary = tempfile.mkstemp(prefix=f".{KEY_FILE_NAME}.", dir=path.parent)
        try:
            with os.fdopen(handle, "w") as file:
                file.write(secrets.token_urlsafe(50) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            return None  # another process created it first
        finally:
            os.unlink(temporary)
    except OSError as error:
        raise ImproperlyConfigured(f"cannot create {path}: {error.strerror}") from None
    return path


def use_throwaway_key() -> None:
    """For commands that sign nothing (help, version, parse): when no key is configured
    or stored, one that lives only in this process, so they run anywhere and leave no
    file behind."""
    if not key_configured() and not default_key_file().exists():
        os.environ["FLAMES_SECRET_KEY"] = secrets.token_urlsafe(50)


def create_database_file(database: dict) -> None:
    """Create a missing SQLite database file readable by its owner only.

    It holds password hashes and sessions; SQLite itself would create it 0644 less
    the umask. An empty file is an empty database, and SQLite gives the -wal and -shm
    files beside it the database file's mode.
    """
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    name = str(database["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(name)
    _make_folder_for(path)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    except OSError as error:
        raise ImproperlyConfigured(f"cannot create {path}: {error.strerror}") from None


def _make_folder_for(path: Path) -> None:
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise ImproperlyConfigured(f"cannot create {path}: {folder} is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ImproperlyConfigured(f"cannot create {folder}: {error.strerror}") from None
