"""Members without e-mail: what changes state (the services of portal/sign_in_cards.py's rules).

A manager (or a coordinator) creates the account of a member who has a phone but no e-mail address: a
name, a login name, a language and a role; the account is at once a confirmed member of the organisation,
vouched for by the manager (it counts as confirmed for access, courses/access/policy.py), and gets a sign-in
card. The member uses the card once, choosing a password; a new card replaces the last one. The portal never
e-mails such an account (portal/emails.py). Each action is atomic and logged in Wagtail's audit log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from . import sign_in_cards
from .models import MemberImport, Membership, Organisation, SignInCard, User

LOGIN_NAME_TAKEN = "login_name_taken"


@transaction.atomic
def member_account_create(
    *,
    organisation: Organisation,
    full_name: str,
    login_name: str,
    language: str,
    role: str,
    by: User,
    member_import: MemberImport | None = None,
    card: bool = True,
) -> tuple[Membership, SignInCard | None, str]:
    """The member's account, their confirmed membership and their first card (with its code, shown once).
    `login_name` is in its stored form (portal/login_names.py). An import (`member_import`) makes the account
    without a card: the codes are issued when its manager prints the cards (`sign_in_cards_issue_for_import`),
    in their own session."""
    taken = ValidationError(
        {"login_name": _("This login name is already taken: choose another one.")}, code=LOGIN_NAME_TAKEN
    )
    if User.objects.filter(login_name=login_name).exists():
        raise taken
    user = User(full_name=full_name.strip(), login_name=login_name, language=language, vouched=True)
    user.set_unusable_password()  # until the member chooses one with their card
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same name, taken by another manager at this very moment
        raise taken from None
    membership = Membership(
        user=user, organisation=organisation, role=role, verified=True, member_import=member_import
    )
    membership.full_clean()
    membership.save()
    log(membership, "portal.membership.create_without_email", user=by)
    if not card:
        return membership, None, ""
    issued, code = _issue(user=user, by=by)
    return membership, issued, code


@transaction.atomic
def sign_in_card_issue(*, membership: Membership, by: User) -> tuple[SignInCard, str]:
    """A new card for a member without e-mail; the code of the one before stops working at once."""
    if not sign_in_cards.card_holders(membership.organisation).filter(pk=membership.pk).exists():
        raise ValidationError(_("Cards are only for confirmed members whose account has no e-mail address."))
    card, code = _issue(user=membership.user, by=by)
    log(membership, "portal.membership.sign_in_card", user=by)
    return card, code


@transaction.atomic
def sign_in_cards_issue_for_import(*, member_import: MemberImport, by: User) -> list[tuple[SignInCard, str]]:
    """A card for each member the import made who has not yet chosen a password with one; a card printed
    before for them stops working. Members who signed in already keep theirs (a new card is one by one)."""
    used = SignInCard.objects.filter(user=OuterRef("user"), used_at__isnull=False)
    memberships = (
        sign_in_cards.card_holders(member_import.organisation)
        .filter(member_import=member_import)
        .exclude(Exists(used))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    issued = []
    for membership in memberships:
        card, code = _issue(user=membership.user, by=by)
        log(membership, "portal.membership.sign_in_card", user=by)
        issued.append((card, code))
    return issued


def _issue(*, user: User, by: User) -> tuple[SignInCard, str]:
    now = timezone.now()
    User.objects.select_for_update().filter(pk=user.pk).first()  # one card at a time per person
    SignInCard.objects.filter(user=user).open().update(replaced_at=now)
    code = sign_in_cards.new_code()
    card = SignInCard.objects.create(
        user=user,
        code_hash=sign_in_cards.code_hash(user.pk, code),
        issued_by=by,
        issued_at=now,
        expires_at=now + sign_in_cards.VALID_FOR,
    )
    return card, code


@transaction.atomic
def sign_in_card_use(*, card: SignInCard, password: str) -> User:
    """The member chooses their password with the card, whose code then stops working. Checked again under
    lock: a card used, replaced or expired meanwhile raises the ValidationError that says so."""
    card = SignInCard.objects.select_for_update().select_related("user").get(pk=card.pk)
    problem = sign_in_cards.card_problem(card)
    if problem is not None:
        raise problem
    card.user.set_password(password)
    card.user.save(update_fields=["password"])
    card.used_at = timezone.now()
    card.save(update_fields=["used_at"])
    return card.user
