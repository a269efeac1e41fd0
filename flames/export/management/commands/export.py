import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flames.export.services import ExportError, export_site


class Command(BaseCommand):
    help = _(
        "Write every public page, feed, static file and a Pagefind search index into DIR, "
        "as a static mirror of the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", type=Path)
        parser.add_argument(
            "--base-url",
            help=_(
                "Where the mirror will be published, e.g. https://mirror.example/uif/. "
                "Without it, links are relative so the mirror opens from disk."
            ),
        )
        parser.add_argument(
            "--workers", type=int, help=_("Render processes (default: one per CPU).")
        )
        parser.add_argument(
            "--no-search", action="store_true", help=_("Do not build the Pagefind index.")
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show a progress bar.")
        )

    def handle(self, *args, directory, base_url, workers, no_search, no_progress, **options):
        if workers is not None and workers < 1:
            raise CommandError(_("--workers must be 1 or more, not %(count)s") % {"count": workers})
        # Ctrl-C and SIGTERM both unwind, so the staging folder is removed.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        try:
            report = export_site(
                directory=directory,
                base_url=base_url,
                workers=workers,
                search=not no_search,
                progress=not no_progress and self.stderr.isatty(),
            )
        except ExportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Exported %(files)s files (%(pages)s pages) to %(directory)s in %(seconds).1f s: "
                "%(written)s written, %(unchanged)s unchanged, %(removed)s removed."
            )
            % {
                "files": report.files,
                "pages": report.pages,
                "directory": report.directory,
                "seconds": report.seconds,
                "written": report.written,
                "unchanged": report.unchanged,
                "removed": report.removed,
            }
        )
        if report.full:
            self.stdout.write(
                _("Rendered all %(count)s addresses%(reason)s.")
                % {
                    "count": report.rendered,
                    "reason": f" ({report.reason})" if report.reason else "",
                }
            )
        else:
            self.stdout.write(
                _("Rendered %(count)s pages again: only those the changes touch.")
                % {"count": report.rendered}
            )
        if report.indexed:
            if report.search_rebuilt:
                state = _("rebuilt")
            elif report.search_delta:
                state = ngettext(
                    "kept, with %(count)s changed page in its delta index",
                    "kept, with %(count)s changed pages in its delta index",
                    report.search_delta,
                ) % {"count": report.search_delta}
            else:
                state = _("unchanged")
            self.stdout.write(
                _("Search index of %(pages)s pages %(state)s (%(seconds).1f s).")
                % {"pages": report.indexed, "state": state, "seconds": report.search_seconds}
            )
        for key in report.missing:
            self.stderr.write(_("Linked but not found: %s") % key)
        for key in report.not_public:
            self.stderr.write(_("Linked but not public, left out: %s") % key)


def _exit_on_signal(signum, frame):
    sys.exit(128 + signum)
