"""E-mails to users, written in the recipient's language from templates in templates/portal/emails/."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.utils import translation


def _rendered(language: str, template: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        context = {"site_url": settings.PORTAL_BASE_URL, **context}
        subject = render_to_string(f"portal/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"portal/emails/{template}_body.txt", context)
    return subject, body


def send_to(*, recipients: list[str], language: str, template: str, context: dict) -> None:
    subject, body = _rendered(language, template, context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def message_to(*, recipient: str, language: str, template: str, context: dict) -> EmailMessage:
    """One e-mail, not yet sent: many are sent over one connection (`connection.send_messages`)."""
    subject, body = _rendered(language, template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
