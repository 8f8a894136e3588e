"""The learning concern's background task: the certificate e-mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from portal.emails import address_of

from . import certificate_pdf
from .certificates import verification_url
from .models import Certificate


@task()
def email_certificate(certificate_id: int) -> None:
    """E-mail a certificate (the PDF attached) to its learner once, in the certificate's language, however
    many times this task runs."""
    # The row stays locked while the e-mail is sent, and is marked sent in the same transaction: a run that
    # fails or whose worker is killed mid-send leaves it unmarked (rolled back) and the next run sends it; a
    # run at the same moment waits, then finds it sent (see payments/tasks.py, the receipt, for the same).
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=certificate_id, emailed_at__isnull=True)
            .first()
        )
        address = certificate and address_of(certificate.user)
        if not address:  # already sent, or a member without e-mail, whom the portal never writes to
            return
        with translation.override(certificate.language):
            context = {
                "certificate": certificate,
                "site_url": settings.PORTAL_BASE_URL,
                "verification_url": verification_url(certificate),
                "hours": certificate_pdf.hours_text(certificate),
            }
            subject = render_to_string("courses/learning/emails/certificate_subject.txt", context).strip()
            body = render_to_string("courses/learning/emails/certificate_body.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach(
            certificate_pdf.filename(certificate), certificate_pdf.render_pdf(certificate), "application/pdf"
        )
        message.send()
        Certificate.objects.filter(pk=certificate_id).update(emailed_at=timezone.now())
