"""The WSGI application ``flames serve`` runs, in layers, outermost first:

- ``AnswerErrors``: whatever escapes gets a page with the security headers (500, or
  503 while the database is unreachable), never the server's empty 500;
- ``BodyLimit``: a body over its limit gets a 413 before it is read;
- ``PageCache``: public pages for anonymous readers, from memory;
- ``Budget``: a client over its budget of renders gets a 429;
- ``RefusePaused``: a sign-in from a paused address gets the paused page;
- Django.

The two refusals come before Django so that a flood of them costs about what a flood
of cached pages does: each request holds one of a worker's few threads.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from flames.runtime import startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")

with startup.secret_key():
    django_application = get_wsgi_application()
startup.create_database_file(settings.DATABASES["default"])

# These need the apps loaded.
from django.urls import reverse  # noqa: E402

from flames.guard.bodylimit import BodyLimit  # noqa: E402
from flames.guard.sign_in import RefusePaused  # noqa: E402
from flames.guard.throttling import Budget  # noqa: E402
from flames.web.errorpages import AnswerErrors  # noqa: E402
from flames.web.pagecache import PageCache  # noqa: E402


def layered(django_app):
    """Django inside the layers above (a function, so tests can build a fresh stack)."""
    back_office = reverse("admin:index")
    return AnswerErrors(
        BodyLimit(
            PageCache(
                Budget(
                    RefusePaused(django_app, sign_in=reverse("admin:login")),
                    back_office=back_office,
                ),
                max_entries=settings.PAGE_CACHE_ENTRIES,
                seconds=settings.PAGE_CACHE_SECONDS,
            ),
            public_bytes=settings.MAX_BODY_BYTES,
            back_office_bytes=settings.MAX_UPLOAD_BYTES,
            back_office=back_office,
        )
    )


application = layered(django_application)
