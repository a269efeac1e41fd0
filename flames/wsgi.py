import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "flames.settings")

django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (settings are ready only after setup)

from flames.pagecache import PageCache  # noqa: E402

application = PageCache(
    django_application,
    max_entries=settings.PAGE_CACHE_ENTRIES,
    seconds=settings.PAGE_CACHE_SECONDS,
)
