import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from flames.episodes.models import Episode
from flames.ingest.parsing import AnnouncementError
from flames.ingest.reading import expand_paths, read_source
from flames.ingest.services import ImportResult, UnstorableAnnouncement, import_announcement
from flames.search import signals as search_index

COUNTED = ["created", "updated", "left alone", "unchanged", "failed"]


class Command(BaseCommand):
    help = _(
        "Import announcements (files, folders of .txt files, or - for standard input) as "
        "episodes, people, roles, partners and calls to action. Each file is all or nothing; "
        "what editors wrote is never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Report what a real run would do, file after file; write nothing."),
        )
        parser.add_argument(
            "--status",
            choices=Episode.Status.values,
            default=Episode.Status.DRAFT,
            help=_("Status of newly created episodes (default: draft)."),
        )

    def handle(self, *args, paths, dry_run, status, **options):
        files = expand_paths(paths)
        if not files:
            raise CommandError(_("no announcement files found"))
        totals = dict.fromkeys([*COUNTED, "flagged", "matched", "new_people", "review"], 0)
        if dry_run:
            # One transaction rolled back at the end: each file sees the ones before it,
            # as in a real run, and nothing stays.
            with transaction.atomic():
                self.import_files(files, totals, status=status)
                transaction.set_rollback(True)
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            # Each file commits on its own; the search index takes them all at the end.
            with search_index.batched():
                self.import_files(files, totals, status=status)
        self.stdout.write(
            _(
                "Episodes: created %(created)d, updated %(updated)d, left alone "
                "%(left_alone)d, unchanged %(unchanged)d, failed %(failed)d; flagged for "
                "review %(flagged)d. Speakers: matched %(matched)d, new people "
                "%(new_people)d, new people for review %(review)d."
            )
            % {**totals, "left_alone": totals["left alone"]}
        )
        if totals["failed"]:
            sys.exit(1)

    def import_files(self, files, totals, *, status) -> None:
        # A bar for a person at a terminal; a pipe or a log gets the report lines alone.
        quiet = len(files) < 2 or not sys.stderr.isatty()
        for path in tqdm(files, unit="file", disable=quiet, file=sys.stderr):
            source = read_source(path)
            try:
                if source.error:
                    raise UnstorableAnnouncement(source.error)
                with transaction.atomic():
                    result = import_announcement(text=source.text, source=path, status=status)
            except (AnnouncementError, UnstorableAnnouncement) as error:
                totals["failed"] += 1
                tqdm.write(f"flames import: {path}: {error}", file=sys.stderr)
                continue
            if quiet:
                self.stdout.write(describe(path, result))
            else:  # above the bar, which stays at the bottom
                tqdm.write(describe(path, result), file=sys.stdout)
            totals[result.action] += 1
            totals["flagged"] += result.flagged
            totals["matched"] += result.matched
            totals["new_people"] += result.new_people
            totals["review"] += result.review


def describe(path: str, result: ImportResult) -> str:
    """The report lines of one file: what happened to which episode, why, and its notes."""
    actions = {
        "created": _("created"),
        "updated": _("updated"),
        "left alone": _("left alone"),
        "unchanged": _("unchanged"),
    }
    line = f"{path}: {actions[result.action]} {result.episode}"
    reason = _("this text was imported before") if result.action == "unchanged" else result.reason
    if reason:
        line += f" ({reason})"
    if result.flagged:
        line += "; " + _("flagged for review")
    return "\n".join([line, *(f"  - {note}" for note in result.notes)])
