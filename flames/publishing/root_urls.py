"""Addresses that must not carry a language prefix: robots.txt, the sitemap,
oEmbed and video stills."""

from django.urls import path

from flames.publishing import views

app_name = "publishing_root"
urlpatterns = [
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("oembed/", views.oembed, name="oembed"),
    path("thumbnails/<str:slug>.jpg", views.thumbnail, name="thumbnail"),
]
