import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from flames.demo import load_demo
from flames.episodes.models import Series

EDITOR_USERNAME = "editor"


class Command(BaseCommand):
    help = "Load the demo content (episode #121 and its people); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if the site already has content."
        )
        parser.add_argument(
            "--editor",
            action="store_true",
            help="Also create a back-office account 'editor' and print how to sign in.",
        )

    def handle(self, *args, once, editor, **options):
        if once and Series.objects.exists():
            self.stdout.write("The site already has content; demo not loaded again.")
        else:
            episode = load_demo()
            speakers = episode.appearances.count()
            self.stdout.write(f"Demo content ready: {episode} with {speakers} speakers")
        if editor:
            self._ensure_editor()

    def _ensure_editor(self):
        password_file = settings.DATA_DIR / "editor-password"
        User = get_user_model()
        if not User.objects.filter(username=EDITOR_USERNAME).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser(EDITOR_USERNAME, password=password)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        if password_file.exists():
            password = password_file.read_text().strip()
            self.stdout.write(
                f"Back office sign-in: user '{EDITOR_USERNAME}', password '{password}' "
                f"(kept in {password_file})"
            )
        else:
            self.stdout.write(f"Back office sign-in: user '{EDITOR_USERNAME}' (password unchanged)")
