"""Background tasks of the courses app: the certificate e-mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Certificate


@task()
def email_certificate(certificate_id: int) -> None:
    """E-mail a certificate (the PDF attached) to its learner once, in the certificate's language, however
    many times this task runs."""
    from . import certificates, learning

    claimed = Certificate.objects.filter(pk=certificate_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return
    certificate = Certificate.objects.select_related("user").get(pk=certificate_id)
    try:
        with translation.override(certificate.language):
            context = {
                "certificate": certificate,
                "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
                "verification_url": learning.verification_url(certificate),
                "hours": certificates.hours_text(certificate),
            }
            subject = render_to_string("courses/learning/emails/certificate_subject.txt", context).strip()
            body = render_to_string("courses/learning/emails/certificate_body.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [certificate.user.email])
        message.attach(
            certificates.filename(certificate), certificates.render_pdf(certificate), "application/pdf"
        )
        message.send()
    except Exception:
        # Not sent: let a later run (a retry of the worker) send it.
        Certificate.objects.filter(pk=certificate_id).update(emailed_at=None)
        raise
