import json

from django.core.management.base import BaseCommand

from flames.people.selectors import directory_listing


class Command(BaseCommand):
    help = "List the people directory: name, other spellings and number of appearances."

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print a JSON list instead."
        )

    def handle(self, *args, as_json: bool, **options):
        rows = directory_listing()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        width = max((len(row["name"]) for row in rows), default=4)
        self.stdout.write(f"{'NAME':<{width}}  APPEARANCES  OTHER SPELLINGS")
        for row in rows:
            spellings = ", ".join(row["other_spellings"])
            line = f"{row['name']:<{width}}  {row['appearances']:>11}  {spellings}"
            if row["needs_review"]:
                line += "  [needs review]"
            self.stdout.write(line.rstrip())
