"""Messages visitors send to the network's coordinators from the contact page."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..contact_form import Topic


class ContactMessage(models.Model):
    """One message from the contact page, as it was sent; the coordinators read it in the admin and answer
    by e-mail."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # Who was signed in when sending it, if anyone (the address typed may differ from the account's).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_messages",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("sent on"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} · {self.get_topic_display()}"
