import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from flames import startup

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")

with startup.secret_key():
    django_application = get_wsgi_application()
startup.create_database_file(settings.DATABASES["default"])

from flames.pagecache import PageCache  # noqa: E402  (it needs the apps loaded)

application = PageCache(
    django_application,
    max_entries=settings.PAGE_CACHE_ENTRIES,
    seconds=settings.PAGE_CACHE_SECONDS,
)
