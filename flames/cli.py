"""The ``flames`` command: Django's management commands under a friendly name."""

import os
import sys
from importlib.metadata import version

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import ManagementUtility
from django.utils.translation import gettext as _

from flames.runtime import startup
from flames.runtime.disk import full_disk

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
        try:
            FlamesUtility(argv).execute()
        except Exception as error:
            where = full_disk(error, database=_database_place())
            if where is None:
                raise
            # Whatever the command wrote is whole or gone (transactions, files written
            # aside and renamed), so the one thing to say is what is full.
            sys.exit(
                _("flames %(command)s: no space left on device writing %(path)s")
                % {"command": arguments[0], "path": where}
            )
    except ImproperlyConfigured as error:
        sys.exit(f"flames: configuration error: {error}")
    except BrokenPipeError:
        # The reader stopped early (`flames people | head`): nothing to report. Pointing
        # stdout at /dev/null keeps Python from failing again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _database_place() -> str:
    """The SQLite file, or which PostgreSQL database, for a message."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return str(database["NAME"])
    return _("the database %(name)s on %(host)s") % {
        "name": database["NAME"],
        "host": database.get("HOST") or "localhost",
    }


def _contents() -> str:
    """``flames help``: Flames' own commands by task, one line each, and where to go next."""
    sections = [
        (
            _("Run the site"),
            [
                ("serve", _("serve the site with granian, migrating the database first")),
                ("migrate", _("create or update the database tables")),
                ("createsuperuser", _("create a back-office account")),
            ],
        ),
        (
            _("Content"),
            [
                ("demo", _("load the demo episode #121 and its people")),
                ("people", _("list the people directory: names, spellings, appearances")),
                ("transcripts", _("attach a WebVTT or SRT caption file to an episode")),
            ],
        ),
        (
            _("Import"),
            [
                ("parse", _("print announcements as JSON, writing nothing")),
                ("import", _("import announcements: episodes, people, organizations")),
            ],
        ),
        (_("Search"), [("search", _("rebuild the search index, or try a query"))]),
        (_("Publishing"), [("export", _("write the public site as a static mirror"))]),
    ]
    width = max(len(name) for _title, commands in sections for name, _text in commands) + 2
    lines = [_("Usage: flames <command> [options]")]
    for title, commands in sections:
        lines += ["", title]
        lines += [f"  {name.ljust(width)}{text}" for name, text in commands]
    lines += [
        "",
        _("A command's options: flames help <command> (or flames <command> --help)."),
        _("Every command, Django's own included: flames help --all"),
    ]
    return "\n".join(lines)


class FlamesUtility(ManagementUtility):
    """Django's dispatcher with Flames' help and version."""

    def main_help_text(self, commands_only=False):
        if commands_only or self.argv[1:] == ["help", "--all"]:
            return super().main_help_text(commands_only)
        return _contents()

    def execute(self):
        if self.argv[1:] in (["version"], ["--version"]):
            sys.stdout.write(f"flames {version('flames')} (Django {django.get_version()})\n")
            return
        super().execute()
