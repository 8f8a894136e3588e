"""Certificates: the code each carries, the public verification address, and finding one by its code.

A certificate is issued once, when a learner completes a course (courses/learning/services.py), with its
facts copied; its PDF is courses/learning/certificate_pdf.py, its e-mail courses/learning/tasks.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils import translation

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
