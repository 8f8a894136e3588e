from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("download/<int:file_id>/", views.download, name="download"),
    path("terms/<int:page_id>/", views.accept_terms, name="accept_terms"),
    path("search/", views.search, name="search"),
]
