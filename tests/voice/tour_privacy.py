"""The tour's part about privacy and trust (tests/voice/tour.py): the contact form sent and its confirmation,
the coordinators' e-mails and admin screens for it, and the account's pages about the reader's own data."""

from django.urls import reverse

from portal.models import ContactMessage, ContactPage


class PrivacyTour:
    """Mixed into `Tour`: reads with its `client`, `read`, `read_mail` and `first`."""

    def where_to_ask(self) -> None:
        """A visitor writes to the coordinators from the contact page, once wrongly, once rightly; the
        coordinators read it in their e-mail and in the admin."""
        visitor = self.client(None)
        contact = self.first(ContactPage)
        if contact is None:
            raise AssertionError(f"The demo has no contact page in {self.language}")
        action = reverse("portal:contact_send", args=[contact.pk])
        refused = visitor.post(action, {"name": "Ana", "email": "no-es-un-correo", "message": ""})
        self.seen[f"visitor · {contact.url}, a message refused"] = self.text_of(refused)
        visitor.post(
            action,
            {"name": "Ana Quispe", "email": "ana@coop.example", "topic": "privacy", "message": "Hola"},
        )
        self.read(None, visitor, f"{contact.url}?sent=1", f"{contact.url}, a message sent")
        self.read_mail("a message from the contact page")
        coordinator = self.client("coordinator")
        message = ContactMessage.objects.order_by("-pk").first()
        self.read("coordinator", coordinator, reverse("contact_messages:index"))
        self.read("coordinator", coordinator, reverse("contact_messages:inspect", args=[message.pk]))
