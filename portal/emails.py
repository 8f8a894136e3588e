"""E-mails to users, written in the recipient's language from templates in templates/portal/emails/.

`address_of` is the one rule for whether the portal writes to someone at all: members without e-mail (their
account made by their organisation's manager, portal/member_accounts.py) have no address, and every e-mail
the portal sends to a person asks it first (here, allauth's adapter, the certificate and the payments'
e-mails), so nothing is rendered, queued or attempted for them.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def address_of(user) -> str | None:
    """The address to write to this user at, or None when the portal must not write to them."""
    return (getattr(user, "email", None) or "").strip() or None


def _rendered(language: str, template: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        context = {"site_url": settings.PORTAL_BASE_URL, **context}
        subject = render_to_string(f"portal/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"portal/emails/{template}_body.txt", context)
    return subject, body


def send_to(
    *,
    recipients: list[str | None],
    language: str,
    template: str,
    context: dict,
    reply_to: list[str] | None = None,
) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    subject, body = _rendered(language, template, context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, reply_to=reply_to).send()


def message_to(*, recipient: str, language: str, template: str, context: dict) -> EmailMessage:
    """One e-mail, not yet sent: many are sent over one connection (`connection.send_messages`)."""
    subject, body = _rendered(language, template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
