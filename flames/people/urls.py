from django.urls import path

from flames.people import views

app_name = "people"
urlpatterns = [
    path("people/", views.directory, name="directory"),
    path("people/<str:slug>/", views.person_detail, name="person"),
    path("organizations/<str:slug>/", views.organization_detail, name="organization"),
]
