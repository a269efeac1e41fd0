"""The WSGI application ``flames serve`` runs, in layers, outermost first:

- ``AnswerErrors``: whatever escapes gets a page with the security headers (500, or
  503 while the database is unreachable), never the server's empty 500;
- ``BodyLimit``: a body over its limit gets a 413 before it is read;
- ``PageCache``: public pages for anonymous readers, from memory;
- Django.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from flames import startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")

with startup.secret_key():
    django_application = get_wsgi_application()
startup.create_database_file(settings.DATABASES["default"])

# These need the apps loaded.
from django.urls import reverse  # noqa: E402

from flames.bodylimit import BodyLimit  # noqa: E402
from flames.errorpages import AnswerErrors  # noqa: E402
from flames.pagecache import PageCache  # noqa: E402

application = AnswerErrors(
    BodyLimit(
        PageCache(
            django_application,
            max_entries=settings.PAGE_CACHE_ENTRIES,
            seconds=settings.PAGE_CACHE_SECONDS,
        ),
        public_bytes=settings.MAX_BODY_BYTES,
        back_office_bytes=settings.MAX_UPLOAD_BYTES,
        back_office=reverse("admin:index"),
    )
)
