"""The addresses of the licensing reports, under the admin's reports/licensing/ in the namespace
`screen.URL_NAMESPACE` (courses/wagtail_hooks.py includes them)."""

from django.urls import path

from .contributors import ContributorsView, ContributorView
from .licences import LicencesView, LicenceView

urlpatterns = [
    path("contributors/", ContributorsView.as_view(), name="contributors"),
    path("contributors/<int:pk>/", ContributorView.as_view(), name="contributor"),
    path("licences/", LicencesView.as_view(), name="licences"),
    path("licences/<str:code>/", LicenceView.as_view(), name="licence"),
]
