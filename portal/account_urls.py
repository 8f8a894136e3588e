"""The signed-in user's own pages (inside the language prefix, before Wagtail's catch-all)."""

from django.urls import path

from . import organisation_views, views

app_name = "portal"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/authorisation/", views.request_authorisation, name="request_authorisation"),
    path("account/organisation/", views.link_organisation, name="link_organisation"),
    path(
        "account/organisation/<int:membership_id>/manage/",
        organisation_views.manager_request,
        name="manager_request",
    ),
    # "My organisation": the managers' pages (portal/managing.py decides who may open them).
    path("organisation/", organisation_views.organisation_index, name="organisation_index"),
    path(
        "organisation/<int:organisation_id>/",
        organisation_views.organisation_home,
        name="organisation_home",
    ),
]
