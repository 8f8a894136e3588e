"""The signed-in user's own pages (inside the language prefix, before Wagtail's catch-all)."""

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/authorisation/", views.request_authorisation, name="request_authorisation"),
    path("account/organisation/", views.link_organisation, name="link_organisation"),
    path("contact/<int:page_id>/", views.contact_send, name="contact_send"),
]
