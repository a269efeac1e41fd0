"""The ``flames`` command: Django's management commands under a friendly name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "flames"
    try:
        from django.conf import settings

        # The default SQLite database lives in the data directory; create it on
        # first use here rather than as a side effect of importing settings.
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.exit(f"flames: configuration error: {error}")
    except BrokenPipeError:
        # The reader stopped early (`flames people | head`): nothing to report. Pointing
        # stdout at /dev/null keeps Python from failing again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
