"""E-mails to users, written in the recipient's language from templates in templates/portal/emails/."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_to(
    *, recipients: list[str], language: str, template: str, context: dict, reply_to: list[str] | None = None
) -> None:
    with translation.override(language):
        context = {"site_url": settings.PORTAL_BASE_URL, **context}
        subject = render_to_string(f"portal/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"portal/emails/{template}_body.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, reply_to=reply_to).send()
