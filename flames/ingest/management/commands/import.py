import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from flames.episodes.models import Episode
from flames.ingest.parsing import AnnouncementError
from flames.ingest.reading import expand_paths, read_source
from flames.ingest.services import UnstorableAnnouncement, import_announcement
from flames.search import signals as search_index


class Command(BaseCommand):
    help = (
        "Import announcements (files, folders of .txt files, or - for standard input) as "
        "episodes, people, roles, partners and calls to action. Each file is all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--status",
            choices=Episode.Status.values,
            default=Episode.Status.PUBLISHED,
            help="Status of newly created episodes (default: published).",
        )

    def handle(self, *args, paths, dry_run, status, **options):
        files = expand_paths(paths)
        if not files:
            raise CommandError("no announcement files found")
        totals = dict.fromkeys(
            ["created", "updated", "unchanged", "failed", "matched", "new_people", "review"], 0
        )
        # Each file commits on its own; the search index takes them all at the end.
        with search_index.batched():
            self.import_files(files, totals, dry_run=dry_run, status=status)
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {totals['created']}, updated {totals['updated']}, "
            f"unchanged {totals['unchanged']}, failed {totals['failed']} episode(s); "
            f"speakers matched to existing people {totals['matched']}, "
            f"new people {totals['new_people']}, left for review {totals['review']}"
        )
        if totals["failed"]:
            sys.exit(1)

    def import_files(self, files, totals, *, dry_run, status) -> None:
        # A bar for a person at a terminal; a pipe or a log gets only the one-line errors.
        quiet = len(files) < 2 or not sys.stderr.isatty()
        for path in tqdm(files, unit="file", disable=quiet, file=sys.stderr):
            source = read_source(path)
            try:
                if source.error:
                    raise UnstorableAnnouncement(source.error)
                result = import_announcement(
                    text=source.text, source=path, dry_run=dry_run, status=status
                )
            except (AnnouncementError, UnstorableAnnouncement) as error:
                totals["failed"] += 1
                tqdm.write(f"flames import: {path}: {error}", file=sys.stderr)
                continue
            totals[result.action] += 1
            totals["matched"] += result.matched
            totals["new_people"] += result.new_people
            totals["review"] += result.review
