from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Flames"
admin.site.site_title = "Flames"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("flames.publishing.root_urls")),
    *i18n_patterns(
        path("", include("flames.episodes.urls")),
        path("", include("flames.people.urls")),
        path("", include("flames.support.urls")),
        path("", include("flames.publishing.urls")),
        path("", include("flames.transcripts.urls")),
        path("", include("flames.search.urls")),
    ),
]

# A database outage gets a 503 page rendered without the database (flames.web.outage).
handler500 = "flames.web.errorpages.server_error"
