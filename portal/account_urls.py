"""The signed-in user's own pages (inside the language prefix, before Wagtail's catch-all)."""

from django.urls import path

from . import card_sign_in_views, member_account_views, organisation_views, views

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

# Members without e-mail: the manager creates their account and prints their sign-in card; the member
# signs in once with the card's code and chooses a password.
urlpatterns += [
    path(
        "organisation/<int:organisation_id>/members/new/",
        member_account_views.organisation_new_member,
        name="organisation_new_member",
    ),
    path(
        "organisation/<int:organisation_id>/members/cards/",
        member_account_views.organisation_new_cards,
        name="organisation_new_cards",
    ),
    path(
        "organisation/<int:organisation_id>/members/<int:membership_id>/card/",
        member_account_views.organisation_member_card,
        name="organisation_member_card",
    ),
    path("sign-in/card/", card_sign_in_views.card_sign_in, name="card_sign_in"),
    path("sign-in/card/password/", card_sign_in_views.card_password, name="card_password"),
]
