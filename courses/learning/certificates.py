"""Certificates: the code each carries, the public verification address, and finding one by its code.

A certificate is issued once, when a learner completes a course (courses/learning/services.py), with its
facts copied; its PDF is courses/learning/certificate_pdf.py, its e-mail courses/learning/tasks.py.

An organisation's training record (courses/learning/training_record_pdf.py) links each certificate to its
verification page with the organisation named in a signed token (`?org=`): the page then says "Issued to a
member of <organisation>" when the holder is a member of it on the day the page is read (an active
membership, portal/models), and nothing otherwise. The token is signed with the site's secret and bound to
the certificate's code, so it can be neither forged for another organisation nor moved to another
certificate, and an organisation's number cannot be tried in its place.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.signing import Signer
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode

from portal.models import Membership, Organisation

from .models import Certificate

CODE_BYTES = 10  # 80 random bits: 16 characters of base32
CODE_LENGTH = 16
_TYPED_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


# --- certificate codes (pure) -----------------------------------------------------------------------------


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def normalise_code(text: str) -> str:
    """A typed code as stored: capitals, without spaces or hyphens, with 0/1/8 read as O/I/B."""
    cleaned = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    return cleaned.translate(_TYPED_LOOKALIKES)[:64]


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", errors="replace")).hexdigest()


def learner_name(user) -> str:
    """The name a certificate carries; never the e-mail address (the verification page is public)."""
    return (user.full_name or f"{user.first_name} {user.last_name}").strip()


def verification_path(code: str, language: str) -> str:
    with translation.override(language):
        return reverse("courses:certificate_verify", kwargs={"code": code})


def verification_url(certificate: Certificate) -> str:
    base = settings.PORTAL_BASE_URL
    return base + verification_path(certificate.display_code, certificate.language)


def certificate_lookup(code: str) -> Certificate | None:
    """The certificate with this code, or None. Looked up by the code's SHA-256 digest, so the database
    compares digests, not the code typed; the code is then compared in constant time."""
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        return None
    certificate = Certificate.objects.filter(code_digest=code_digest(normalised)).first()
    if certificate is None or not hmac.compare_digest(certificate.code, normalised):
        return None
    return certificate


# --- the organisation a training record names (signed) ---------------------------------------------------

ORGANISATION_PARAMETER = "org"
_ORGANISATION_SIGNER = Signer(salt="courses.certificate-organisation")


def _organisation_signature(certificate: Certificate, organisation_id: int) -> str:
    return _ORGANISATION_SIGNER.signature(f"{organisation_id}:{certificate.code}")


def organisation_token(certificate: Certificate, organisation_id: int) -> str:
    """The organisation's id and a signature binding it to this certificate's code: "12.Xy…"."""
    return f"{organisation_id}.{_organisation_signature(certificate, organisation_id)}"


def organisation_verification_url(certificate: Certificate, organisation_id: int, language: str) -> str:
    """The verification page of a certificate, in `language`, naming the organisation whose training record
    lists it: what the record's QR code and link open."""
    path = verification_path(certificate.display_code, language)
    query = urlencode({ORGANISATION_PARAMETER: organisation_token(certificate, organisation_id)})
    return f"{settings.PORTAL_BASE_URL}{path}?{query}"


def holder_organisation(certificate: Certificate, token: str) -> Organisation | None:
    """The organisation a valid token names, when the certificate's holder is an active member of it today;
    None for no token, a forged or misplaced one, or a holder who is not (or no longer) a member."""
    identifier, _dot, signature = str(token or "").partition(".")
    if not identifier.isdigit() or len(identifier) > 18:
        return None
    organisation_id = int(identifier)
    if not constant_time_compare(signature, _organisation_signature(certificate, organisation_id)):
        return None
    membership = (
        Membership.objects.active()
        .filter(user_id=certificate.user_id, organisation_id=organisation_id)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership is not None else None
