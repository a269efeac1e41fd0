import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from flames.backoffice import staff
from flames.demo import load_demo
from flames.episodes.models import Episode

EDITOR_USERNAME = "editor"
ADMINISTRATOR_USERNAME = "admin"


class Command(BaseCommand):
    help = _("Load the demo content (episode #121 and its people); safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help=_("Do nothing if the site already has episodes.")
        )
        parser.add_argument(
            "--editor",
            action="store_true",
            help=_(
                "Also create the back-office accounts 'editor' (Editors group) and 'admin' "
                "(administrator) and print how to sign in."
            ),
        )

    def handle(self, *args, once, editor, **options):
        # A fresh site has its default series already, so episodes say whether it has content.
        if once and Episode.objects.exists():
            self.stdout.write(_("The site already has content; demo not loaded again."))
        else:
            episode = load_demo()
            speakers = episode.appearances.count()
            self.stdout.write(
                _("Demo content ready: %(episode)s with %(count)d speakers")
                % {"episode": episode, "count": speakers}
            )
        if editor:
            self._sign_in(_("Editor sign-in"), EDITOR_USERNAME, administrator=False)
            self._sign_in(_("Administrator sign-in"), ADMINISTRATOR_USERNAME, administrator=True)

    def _sign_in(self, label: str, username: str, *, administrator: bool) -> None:
        password_file = settings.DATA_DIR / f"{username}-password"
        password = staff.ensure_account(username=username, administrator=administrator)
        if password:
            # Readable by its owner only, from the moment it exists.
            descriptor = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(password + "\n")
        if password_file.exists():
            self.stdout.write(
                _("%(label)s: user '%(user)s', password '%(password)s' (kept in %(file)s)")
                % {
                    "label": label,
                    "user": username,
                    "password": password_file.read_text().strip(),
                    "file": password_file,
                }
            )
        else:
            self.stdout.write(
                _("%(label)s: user '%(user)s' (password unchanged)")
                % {"label": label, "user": username}
            )
