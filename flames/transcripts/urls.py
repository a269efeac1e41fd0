from django.urls import path

from flames.transcripts import views

app_name = "transcripts"
urlpatterns = [
    path("episodes/<str:slug>/transcript-<str:language>.vtt", views.webvtt, name="webvtt"),
]
