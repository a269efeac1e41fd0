"""The ``flames`` command: Django's management commands under a friendly name."""

import os
import sys
from importlib.metadata import version

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import ManagementUtility

from flames import startup

# Commands that sign nothing and write nothing run without a secret key and make no file.
_NO_KEY_COMMANDS = {"help", "--help", "-h", "version", "--version", "parse"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "flames"
    arguments = argv[1:]
    signs_nothing = (
        not arguments or arguments[0] in _NO_KEY_COMMANDS or bool({"-h", "--help"} & set(arguments))
    )
    try:
        with startup.secret_key(throwaway=signs_nothing):
            if not apps.ready:
                django.setup()
        if not signs_nothing:
            startup.create_database_file(settings.DATABASES["default"])
        FlamesUtility(argv).execute()
    except ImproperlyConfigured as error:
        sys.exit(f"flames: configuration error: {error}")
    except BrokenPipeError:
        # The reader stopped early (`flames people | head`): nothing to report. Pointing
        # stdout at /dev/null keeps Python from failing again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


class FlamesUtility(ManagementUtility):
    """Django's dispatcher with Flames' version."""

    def execute(self):
        if self.argv[1:] in (["version"], ["--version"]):
            sys.stdout.write(f"flames {version('flames')} (Django {django.get_version()})\n")
            return
        super().execute()
