import json
import sys

from django.core.management.base import BaseCommand

from flames.ingest.parsing import AnnouncementError, parse_announcement
from flames.ingest.reading import read_source


class Command(BaseCommand):
    help = (
        "Parse announcement files (- for standard input) and print one JSON list, one object "
        "per file in order. Writes nothing; exits with 1 if any file could not be parsed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")

    def handle(self, *args, paths, **options):
        documents = [parse_one(path) for path in paths]
        self.stdout.write(json.dumps(documents, ensure_ascii=False, indent=2))
        if any("error" in document for document in documents):
            sys.exit(1)


def parse_one(path: str) -> dict:
    source = read_source(path)
    if source.error:
        return {"source": path, "error": source.error}
    try:
        return {"source": path, **parse_announcement(source.text).as_dict()}
    except AnnouncementError as error:
        return {"source": path, "error": str(error)}
