import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from flames.episodes.models import Episode
from flames.transcripts.parsing import MAX_BYTES, CaptionError
from flames.transcripts.selectors import EpisodeNotFound, episode_by_reference
from flames.transcripts.services import attach_transcript


class Command(BaseCommand):
    help = "Work with episode transcripts (WebVTT or SRT caption files)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        attach = commands.add_parser(
            "attach",
            help="Attach a caption file to an episode, replacing its transcript in that "
            "language. All or nothing.",
        )
        attach.add_argument("episode", metavar="EPISODE", help="The episode's slug or number.")
        attach.add_argument("file", metavar="FILE", help="A .vtt or .srt file, or - for stdin.")
        attach.add_argument(
            "--language",
            choices=Episode.Language.values,
            help="The transcript's language (default: the episode's language).",
        )

    def handle(self, *args, action, **options):
        if action == "attach":
            self.attach(options["episode"], options["file"], options["language"])

    def attach(self, reference: str, file: str, language: str | None) -> None:
        try:
            episode = episode_by_reference(reference)
        except EpisodeNotFound as error:
            raise CommandError(str(error)) from None
        data = self.read(file)
        try:
            result = attach_transcript(
                episode=episode,
                language=language or episode.language,
                text=data,
                filename="" if file == "-" else Path(file).name,
            )
        except CaptionError as error:
            raise CommandError(f"{file}: {error}") from None
        for warning in result.warnings:
            self.stderr.write(f"flames transcripts: {file}: {warning}")
        transcript = result.transcript
        verb = "Replaced" if result.replaced else "Attached"
        self.stdout.write(
            f"{verb} the {transcript.get_language_display()} transcript of {episode}: "
            f"{result.cues} cues"
        )
        for voice, person in result.speakers.items():
            who = f"{person.name} ({person.slug})" if person else "nobody on the panel"
            self.stdout.write(f"  {voice} -> {who}")

    def read(self, file: str) -> bytes:
        if file == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                size = path.stat().st_size / 1024 / 1024
                raise CommandError(
                    f"{file}: the file is {size:.1f} MB; the limit is {MAX_BYTES // 2**20} MB"
                )
            return path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
