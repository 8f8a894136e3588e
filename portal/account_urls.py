"""The signed-in user's own pages (inside the language prefix, before Wagtail's catch-all)."""

from django.urls import path

from . import (
    account_deletion,
    card_sign_in_views,
    member_account_views,
    organisation_views,
    privacy_views,
    views,
)
from .members import acceptance
from .members import import_views as member_imports
from .members import views as members

app_name = "portal"
urlpatterns = [
    path("account/", views.account, name="account"),
    path("account/authorisation/", views.request_authorisation, name="request_authorisation"),
    path("account/organisation/", views.link_organisation, name="link_organisation"),
    # A copy of everything the portal holds about the person (portal/privacy/).
    path("account/my-data/", privacy_views.data_export_ask, name="data_export_ask"),
    path(
        "account/my-data/<int:export_id>/",
        privacy_views.data_export_download,
        name="data_export_download",
    ),
    # Deleting one's account (portal/account_deletion.py): the form, the e-mail's link, the goodbye.
    path("account/delete/", account_deletion.account_delete, name="account_delete"),
    path(
        "account/delete/confirm/<str:token>/",
        account_deletion.account_delete_confirm,
        name="account_delete_confirm",
    ),
    path("account/deleted/", account_deletion.account_deleted, name="account_deleted"),
    path(
        "account/organisation/<int:membership_id>/manage/",
        organisation_views.manager_request,
        name="manager_request",
    ),
    # An invitation to join an organisation, opened from its e-mail (signed in or not).
    path("invitation/<str:key>/", acceptance.invitation_page, name="invitation"),
    # "My organisation": the managers' pages (portal/managing.py decides who may open them).
    path("organisation/", organisation_views.organisation_index, name="organisation_index"),
    path(
        "organisation/<int:organisation_id>/",
        organisation_views.organisation_home,
        name="organisation_home",
    ),
    # Its members (portal/members/).
    path("organisation/<int:organisation_id>/members/", members.members, name="organisation_members"),
    path(
        "organisation/<int:organisation_id>/members/invitations/",
        members.invitations,
        name="organisation_invitations",
    ),
    path("organisation/<int:organisation_id>/members/invite/", members.invite, name="organisation_invite"),
    path(
        "organisation/<int:organisation_id>/members/invitations/<int:invitation_id>/resend/",
        members.invitation_resend,
        name="organisation_invitation_resend",
    ),
    path(
        "organisation/<int:organisation_id>/members/invitations/<int:invitation_id>/cancel/",
        members.invitation_cancel,
        name="organisation_invitation_cancel",
    ),
    path(
        "organisation/<int:organisation_id>/members/<int:membership_id>/end/",
        members.member_end,
        name="organisation_member_end",
    ),
    path(
        "organisation/<int:organisation_id>/members/import/",
        member_imports.member_import,
        name="organisation_member_import",
    ),
    path(
        "organisation/<int:organisation_id>/members/import/<int:import_id>/",
        member_imports.member_import_detail,
        name="organisation_member_import_detail",
    ),
    path(
        "organisation/<int:organisation_id>/members/import/<int:import_id>/confirm/",
        member_imports.member_import_confirm,
        name="organisation_member_import_confirm",
    ),
    path(
        "organisation/<int:organisation_id>/members/import/template.<str:file_format>",
        member_imports.member_import_template,
        name="organisation_member_import_template",
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
        "organisation/<int:organisation_id>/members/import/<int:import_id>/cards/",
        member_account_views.organisation_import_cards,
        name="organisation_member_import_cards",
    ),
    path(
        "organisation/<int:organisation_id>/members/<int:membership_id>/card/",
        member_account_views.organisation_member_card,
        name="organisation_member_card",
    ),
    path("sign-in/card/", card_sign_in_views.card_sign_in, name="card_sign_in"),
    path("sign-in/card/password/", card_sign_in_views.card_password, name="card_password"),
    path("contact/<int:page_id>/", views.contact_send, name="contact_send"),
]
