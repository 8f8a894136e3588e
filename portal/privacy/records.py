"""What the portal app itself holds about a person, as sections of their data export
(portal/privacy/export.py): their profile and e-mail addresses, memberships, authorisation requests and
their decisions, sign-in cards, invitations sent and accepted, contact messages and the terms they accepted.

Secrets stay out even of the person's own copy: a card's code is kept only hashed, an invitation's key
opens nothing once used, and neither says anything about the person."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from ..models import AccessRequest, ContactMessage, Invitation, Membership, SignInCard, TermsAcceptance, User
from .export import Section, register

ORGANISATION = _("organisation")


def register_sections() -> None:
    register(
        Section(
            key="profile",
            title=_("Your profile"),
            model=User,
            fields=("id", "email", "login_name", "full_name", "language", "date_joined", "last_login"),
            queryset=lambda user: User.objects.filter(pk=user.pk),
            labels={"date_joined": _("signed up on"), "last_login": _("last signed in")},
        )
    )
    register(
        Section(
            key="email_addresses",
            title=_("Your e-mail addresses"),
            model=EmailAddress,
            fields=("id", "email", "verified", "primary"),
            queryset=lambda user: EmailAddress.objects.filter(user=user).order_by("pk"),
            labels={"verified": _("confirmed"), "primary": _("main address")},
        )
    )
    register(
        Section(
            key="memberships",
            title=_("Your organisations"),
            model=Membership,
            fields=(
                "id", "organisation__name", "role", "verified", "manages", "created_at", "ended_at",
                "manager_requested_at",
            ),
            queryset=lambda user: Membership.objects.filter(user=user).order_by("created_at", "pk"),
            labels={"organisation__name": ORGANISATION},
        )
    )  # fmt: skip
    register(
        Section(
            key="authorisation_requests",
            title=_("Your authorisation requests and their decisions"),
            model=AccessRequest,
            fields=(
                "id", "organisation", "country", "role", "purpose", "accepted_terms", "requested_page__title",
                "status", "created_at", "decided_at", "automatic", "expires_at", "reason",
            ),
            queryset=lambda user: AccessRequest.objects.filter(user=user).order_by("created_at", "pk"),
            labels={"requested_page__title": _("Asked from:").rstrip(":")},
        )
    )  # fmt: skip
    register(
        Section(
            key="sign_in_cards",
            title=_("Your sign-in cards"),
            model=SignInCard,
            fields=("id", "issued_at", "expires_at", "used_at", "replaced_at", "issued_by__full_name"),
            queryset=lambda user: SignInCard.objects.filter(user=user).order_by("issued_at", "pk"),
            labels={"issued_by__full_name": _("issued by")},
        )
    )
    invitation_fields = (
        "id", "organisation__name", "full_name", "email", "role", "language", "created_at", "sent_at",
        "expires_at", "accepted_at", "cancelled_at",
    )  # fmt: skip
    register(
        Section(
            key="invitations_sent",
            title=_("Invitations you sent"),
            model=Invitation,
            fields=invitation_fields,
            queryset=lambda user: Invitation.objects.filter(invited_by=user).order_by("created_at", "pk"),
            labels={"organisation__name": ORGANISATION},
        )
    )
    register(
        Section(
            key="invitations_accepted",
            title=_("Invitations you accepted"),
            model=Invitation,
            fields=(*invitation_fields, "invited_by__full_name"),
            queryset=lambda user: Invitation.objects.filter(accepted_by=user).order_by("created_at", "pk"),
            labels={"organisation__name": ORGANISATION, "invited_by__full_name": _("invited by")},
        )
    )
    register(
        Section(
            key="contact_messages",
            title=_("Your messages from the contact page"),
            model=ContactMessage,
            fields=("id", "name", "email", "topic", "message", "language", "created_at"),
            # Those sent while signed in: anyone may type someone else's address into the form.
            queryset=lambda user: ContactMessage.objects.filter(user=user).order_by("created_at", "pk"),
        )
    )
    register(
        Section(
            key="terms_acceptances",
            title=_("Terms of use you accepted"),
            model=TermsAcceptance,
            fields=("id", "version", "language", "accepted_at"),
            queryset=lambda user: TermsAcceptance.objects.filter(user=user).order_by("accepted_at", "pk"),
        )
    )
