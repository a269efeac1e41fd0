import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from flames.search.selectors import SearchFilters, search
from flames.search.services import rebuild_index

PLURALS = {
    "episode": "episodes",
    "person": "people",
    "organization": "organizations",
    "topic": "topics",
    "passage": "transcript passages",
}


class Command(BaseCommand):
    help = "The search index: rebuild it from scratch, or try a query."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        commands.add_parser(
            "rebuild",
            help="Rebuild the index of episodes, people, organizations, topics and "
            "transcripts in one transaction; searches keep working meanwhile.",
        )
        query = commands.add_parser("query", help="Print the first results for a query.")
        query.add_argument("text", metavar="TEXT")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            self.rebuild(quiet=options["verbosity"] == 0)
        else:
            self.query(options["text"])

    def rebuild(self, *, quiet: bool) -> None:
        started = time.perf_counter()
        with tqdm(unit=" entries", disable=quiet, file=sys.stderr) as bar:
            counts = rebuild_index(progress=lambda kind, count: bar.update(count))
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {PLURALS[kind]}" for kind, count in counts.items())
        self.stdout.write(f"Rebuilt the search index in {seconds:.1f} s: {summary}")

    def query(self, text: str) -> None:
        found = search(text=text, filters=SearchFilters())
        total = f"{found.total}+" if found.capped else str(found.total)
        self.stdout.write(f"{total} results")
        for result in found.results:
            where = f" @{result.timestamp}" if result.timestamp else ""
            self.stdout.write(f"{result.entry.kind:<12} {result.entry.title}{where}  {result.url}")
