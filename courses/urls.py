from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("download/<int:file_id>/", views.download, name="download"),
    path("search/", views.search, name="search"),
]
