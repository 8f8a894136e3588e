"""Forms for members without e-mail: the manager's new member, the member's sign-in with a card and the
password chosen with it, and allauth's sign-in form reading login names."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import login_names
from .models import Membership, User

SIGN_IN_NAME = _("E-mail, user name or phone")
# A phone's keyboard must not capitalise or "correct" a login name as it is typed.
NO_CORRECTION = {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, where a login name typed as people write it (a phone number with spaces, a
    name with accents or capitals) finds its account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = SIGN_IN_NAME
        login.widget.attrs.update(placeholder=SIGN_IN_NAME, autocomplete="username")

    def user_credentials(self) -> dict:
        credentials = super().user_credentials()
        if credentials.get("username"):
            credentials["username"] = login_names.as_typed_at_sign_in(credentials["username"])
        return credentials


class NewMemberForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As it should appear on certificates."),
    )
    login_name = forms.CharField(
        label=_("User name or phone number"),
        max_length=40,
        help_text=_(
            "What the member will type to sign in: a phone number (the organisation's country code is "
            "added if you leave it out) or a user name such as maria.quispe."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", **NO_CORRECTION}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The card and the portal speak to the member in this language."),
    )
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=Membership.Role.choices)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_login_name(self) -> str:
        country = str(self.organisation.country)
        login_name = login_names.normalise(self.cleaned_data["login_name"], country=country)
        if User.objects.filter(login_name=login_name).exists():
            shown = login_names.display(login_name)
            raise ValidationError(_("%(name)s is already taken: choose another one.") % {"name": shown})
        return login_name


class CardSignInForm(forms.Form):
    login = forms.CharField(
        label=_("User name or phone number"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "username", **NO_CORRECTION}),
    )
    code = forms.CharField(
        label=_("Code on the card"),
        max_length=20,
        help_text=_("Eight letters and digits, for example K7PM-3XQA."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
