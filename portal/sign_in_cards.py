"""Sign-in cards: the rules of the one-time code printed for a member without e-mail.

- The code is 8 characters from an alphabet without look-alikes (no I, L, O, 0 or 1), printed in two
  groups ("K7PM-3XQA"), typed with or without the hyphen, in capitals or not.
- Only a keyed hash of it is kept (HMAC-SHA256 with the site's secret key and the person's id): whoever
  reads the database cannot sign in with it, and a typed code is found by its hash in one query.
- It works once, for 30 days, and only while it is the newest card of its holder: a new card replaces the
  old one, whose code stops working at once. Using it means choosing a password (portal/member_accounts.py).
- Who may be given a card: a confirmed member of the organisation whose account has no e-mail address and
  was made by a manager (`User.vouched`); never an account with an address (a manager must not be able to
  take over someone's e-mail account) nor staff.
- Every attempt counts against allauth's limit on failed sign-ins, per address and per login name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.barcode import qrencoder

from . import login_names
from .models import Membership, SignInCard, User

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
VALID_FOR = datetime.timedelta(days=30)

WRONG = _("The login name or the code is not right. Check them on your card.")
USED = _(
    "The code of this card has already been used. Sign in with your password, or ask your organisation's "
    "manager for a new card."
)
REPLACED = _(
    "This card was replaced by a newer one. Use the newest card your organisation's manager gave you."
)
EXPIRED = _("The code of this card expired on %(date)s. Ask your organisation's manager for a new card.")
TOO_MANY = _("Too many attempts. Wait a few minutes, then try again.")


def new_code() -> str:
    return get_random_string(CODE_LENGTH, allowed_chars=CODE_ALPHABET)


def shown(code: str) -> str:
    """The code as printed: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def typed(text: str) -> str:
    """A code as typed: capitals, without the spaces and hyphens people put in."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


def code_hash(user_id: int, code: str) -> str:
    return salted_hmac("portal.sign_in_card", f"{user_id}:{code}", algorithm="sha256").hexdigest()


def card_holders(organisation):
    """The organisation's memberships whose person may be given a card: confirmed, without e-mail, their
    account made by a manager, not staff."""
    return Membership.objects.active().filter(
        organisation=organisation,
        user__email__isnull=True,
        user__vouched=True,
        user__is_staff=False,
        user__is_superuser=False,
        user__is_active=True,
    )


def card_for(request, *, login_name: str, code: str) -> SignInCard:
    """The card these typed words open, ready to be used; otherwise a ValidationError saying why, in words
    for the member. Unknown login names and wrong codes get the same words."""
    login_name = login_names.as_typed_at_sign_in(login_name)
    if not ratelimit.consume(request, action="login_failed", key=f"card:{login_name}"):
        raise ValidationError(TOO_MANY, code="too_many")
    user = User.objects.filter(login_name=login_name, is_active=True, vouched=True).first()
    card = user and SignInCard.objects.filter(user=user, code_hash=code_hash(user.pk, typed(code))).first()
    if card is None:
        raise ValidationError(WRONG, code="wrong")
    problem = card_problem(card)
    if problem is not None:
        raise problem
    return card


def card_problem(card: SignInCard) -> ValidationError | None:
    """Why this card's code no longer works, or None if it does."""
    if card.used_at is not None:
        return ValidationError(USED, code="used")
    if card.replaced_at is not None:
        return ValidationError(REPLACED, code="replaced")
    if card.has_expired:
        date = formats.date_format(timezone.localtime(card.expires_at), "DATE_FORMAT")
        return ValidationError(EXPIRED % {"date": date}, code="expired")
    return None


@dataclass(frozen=True)
class PrintedCard:
    """What one printed card carries, in its holder's language."""

    full_name: str
    login_name: str  # as people read it (a phone number grouped)
    code: str  # as printed
    expires_on: datetime.date
    organisation: str
    sign_in_url: str  # with the login name filled in: what the QR code opens
    site_address: str  # the sign-in page's address as it is typed: without "https://"
    language: str
    qr_svg: str


def printed_card(card: SignInCard, code: str, organisation) -> PrintedCard:
    user = card.user
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.PORTAL_BASE_URL + reverse("portal:card_sign_in")
    url_with_login = f"{url}?{urlencode({'login': user.login_name})}"
    return PrintedCard(
        full_name=user.get_full_name(),
        login_name=login_names.display(user.login_name),
        code=shown(code),
        expires_on=timezone.localtime(card.expires_at).date(),
        organisation=organisation.name,
        sign_in_url=url_with_login,
        site_address=url.split("://", 1)[-1],
        language=language,
        qr_svg=qr_svg(url_with_login),
    )


def qr_svg(text: str) -> str:
    """A QR code of `text` as one SVG path (reportlab's encoder; medium error correction, a four-module
    quiet zone), small enough to inline in the page."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    size = count + 8
    dark = "".join(
        f"M{column + 4} {row + 4}h1v1h-1z"
        for row in range(count)
        for column in range(count)
        if code.isDark(row, column)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" '
        f'aria-hidden="true"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{dark}" fill="#000"/></svg>'
    )
