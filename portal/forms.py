from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import services
from .countries import NetworkCountries
from .members.acceptance import signup_initial
from .models import InfoPage, Membership, Organisation, User


def country_choices():
    """The network's countries first, then every other, named in the reader's language (evaluated when
    the form is built, in the language of the page)."""
    return [("", _("Choose your country")), *NetworkCountries()]


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name certificates carry, the language of e-mails, and the
    acceptance of the terms of use (while the site has terms: portal/models/site_pages.py), recorded with
    the version accepted."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    accept_terms = forms.BooleanField(
        error_messages={"required": _("To open an account, accept the terms of use.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_in = (get_language() or settings.LANGUAGE_CODE)[:2]
        self.fields["language"].initial = self.shown_in
        self.terms = InfoPage.terms_in(self.shown_in)
        if self.terms is None:
            del self.fields["accept_terms"]
        else:
            self.fields["accept_terms"].label = format_html(
                _('I have read and accept the <a href="{url}">terms of use</a> (version {version})'),
                url=self.terms.url,
                version=self.terms.version,
            )
        # Someone who opened an invitation starts with the name and language the manager gave.
        for name, value in signup_initial(allauth_context.request).items():
            self.fields[name].initial = value

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["full_name", "language"])
        if self.terms is not None:
            services.terms_accept(user=user, version=self.terms.version, language=self.shown_in)


class AccessRequestForm(forms.Form):
    """What an external user tells the network when asking for authorisation."""

    organisation = forms.CharField(label=_("Your organisation"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=200,
        help_text=_("For example: technical adviser, manager, researcher, student."),
    )
    purpose = forms.CharField(
        label=_("What will you use the materials for?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    accepted_terms = forms.BooleanField(
        label=_("I accept the portal's terms of use"),
        error_messages={"required": _("Please accept the portal's terms to send your request.")},
    )


class MembershipRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose your organisation"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Active member organisations, except those the user already belongs to or has asked to join.
        self.fields["organisation"].queryset = Organisation.objects.filter(
            status=Organisation.Status.ACTIVE
        ).exclude(pk__in=Membership.objects.filter(user=user, ended_at__isnull=True).values("organisation"))


class ProfileForm(forms.ModelForm):
    """The name certificates carry and the language of e-mails; the e-mail address has its own page."""

    class Meta:
        model = User
        fields = ["full_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
