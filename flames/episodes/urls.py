from django.urls import path

from flames.episodes import views

app_name = "episodes"
urlpatterns = [
    path("", views.home, name="home"),
    path("episodes/", views.episode_list, name="list"),
    path("episodes/<str:slug>/", views.episode_detail, name="detail"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("about/", views.about, name="about"),
]
