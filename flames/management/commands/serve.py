import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Serve the site with the production WSGI server (granian), migrating first if needed."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("FLAMES_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("FLAMES_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("FLAMES_WORKERS", "0")) or os.cpu_count() or 1,
            help="Worker processes (default: FLAMES_WORKERS or one per CPU).",
        )

    def handle(self, *args, host, port, workers, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        connection.close()
        self.stdout.write(
            f"Flames is serving on http://{host}:{port}/ ({workers} worker(s))\n"
            f"Back office: http://{host}:{port}/admin/   Stop with Ctrl-C."
        )
        sys.stdout.flush()
        # Replace this process so signals (Ctrl-C, SIGTERM) reach the server directly.
        # One blocking thread per worker measured fastest for this synchronous app.
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
                "flames.wsgi:application",
            ],
        )
