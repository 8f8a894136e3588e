"""What a visitor writes to the network's coordinators from the contact page: the topics they choose from
and the form. Imports nothing of the portal, so that the contact page (portal/models/site_pages.py) can show
the form and the message's record (portal/models/contact.py) can name its topics."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    COURSES = "courses", _("A course or a material")
    ACCESS = "access", _("My account, membership or authorisation")
    PAYMENTS = "payments", _("A purchase, a receipt or an invoice")
    PRIVACY = "privacy", _("My personal data (a copy, a correction, deleting my account)")
    OTHER = "other", _("Something else")


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The coordinators answer you at this address.")
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=[("", "—"), *Topic.choices])
    message = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", user.get_full_name())
            self.initial.setdefault("email", user.email)
