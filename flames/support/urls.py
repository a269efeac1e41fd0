from django.urls import path

from flames.support import views

app_name = "support"
urlpatterns = [path("how-to-help/", views.how_to_help, name="how_to_help")]
