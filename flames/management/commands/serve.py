import argparse
import errno
import os
import socket
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from flames.runtime.disk import full_disk


def whole_number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("%(value)r is not a whole number") % {"value": text}
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("%(value)s is not between %(low)s and %(high)s")
                % {"value": value, "low": low, "high": high}
            )
        return value

    return parse


PORT = whole_number(1, 65535)
WORKERS = whole_number(1, 256)
WORKERS_KILL_SECONDS = 5


class Command(BaseCommand):
    help = _("Serve the site with the production WSGI server (granian), migrating first if needed.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("FLAMES_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=PORT, help=_("Port (default: FLAMES_PORT or 8000)."))
        parser.add_argument(
            "--workers",
            type=WORKERS,
            help=_("Worker processes (default: FLAMES_WORKERS or one per CPU)."),
        )

    def handle(self, *args, host, port, workers, **options):
        port = port or _from_environment("FLAMES_PORT", PORT) or 8000
        workers = workers or _from_environment("FLAMES_WORKERS", WORKERS) or os.cpu_count() or 1
        address = _check_can_listen(host, port)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=1)
        _collect_static_files()
        connection.close()
        self.stdout.write(
            f"Flames is serving on http://{address}/ ({workers} worker(s))\n"
            f"Back office: http://{address}/admin/   Stop with Ctrl-C."
        )
        sys.stdout.flush()
        # Replace this process so signals (Ctrl-C, SIGTERM) reach the server directly.
        # One blocking thread per worker measured fastest for this synchronous app. A
        # worker told to stop while it is still starting never answers, and granian waits
        # for it forever unless told to kill it: stopping takes WORKERS_KILL_SECONDS at most.
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                host,
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--blocking-threads",
                "1",
                "--no-ws",
                "--workers-kill-timeout",
                str(WORKERS_KILL_SECONDS),
                "flames.wsgi:application",
            ],
        )


def _collect_static_files() -> None:
    """Collect the static files; on a full disk, serve those an earlier start collected.

    Collecting rewrites the manifest that maps names to hashed files, so the last one is
    kept under a second name until collecting has finished and put back if it fails:
    the hashed files it names are never removed. With nothing collected before, a full
    disk stops the start, in one line.
    """
    manifest = Path(settings.STATIC_ROOT) / staticfiles_storage.manifest_name
    kept = manifest.with_name(f".{manifest.name}.kept")
    kept.unlink(missing_ok=True)
    try:
        os.link(manifest, kept)  # a second name costs no space
    except OSError:
        kept = None  # nothing collected yet
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as error:
        where = full_disk(error, folder=str(settings.STATIC_ROOT))
        if where is None:
            raise
        if kept is None:
            raise CommandError(
                _(
                    "no space left on device writing %(path)s, and no static files were "
                    "collected before: free some space and start again"
                )
                % {"path": where}
            ) from None
        os.replace(kept, manifest)
        sys.stderr.write(
            _(
                "flames serve: no space left on device writing %(path)s; serving the static "
                "files collected before"
            )
            % {"path": where}
            + "\n"
        )
        return
    if kept is not None:
        kept.unlink(missing_ok=True)


def _from_environment(name: str, parse) -> int | None:
    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        return parse(text)
    except argparse.ArgumentTypeError as error:
        raise CommandError(f"{name}: {error}") from None


def _check_can_listen(host: str, port: int) -> str:
    """Bind the address once before saying the site is served there (granian reports a
    busy port with a Python traceback and a native backtrace); returns it as a URL has it."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        family, kind, protocol, _name, where = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, protocol) as probe:
            # As a server binds: a port left in TIME_WAIT by a stopped server is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(where)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                _("%(address)s is already in use; choose another port with --port or FLAMES_PORT")
                % {"address": address}
            ) from None
        raise CommandError(
            _("cannot listen on %(address)s: %(reason)s")
            % {"address": address, "reason": error.strerror or error}
        ) from None
    return address
