"""The link that confirms an account's erasure from the person's e-mail: signed, valid for a day, and only
while the password is the one that asked (a password changed since, or an account already erased, makes
every earlier link void)."""

import hashlib

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "portal.privacy.account-erasure"
VALID_FOR = 24 * 60 * 60  # seconds: a day to open the e-mail, on a phone that is online now and then


def _password_mark(user) -> str:
    return hashlib.sha256(user.password.encode()).hexdigest()[:16]


def erasure_token(user, *, keep_certificates_public: bool) -> str:
    return signing.dumps(
        {"u": user.pk, "k": bool(keep_certificates_public), "p": _password_mark(user)}, salt=SALT
    )


def erasure_request(token: str):
    """(user, keep_certificates_public) for a valid token; None when forged, expired or spent."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(data.get("p", ""), _password_mark(user)):
        return None
    return user, bool(data.get("k"))
