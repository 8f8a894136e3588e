"""Forms of the coordinators' screens, and how a service's ValidationError is shown on them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from .. import login_names
from ..models import Membership, User


def show_service_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has that field,
    otherwise above the form. The coordinator reads the service's own words, whatever screen they use."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class UserByEmailField(forms.CharField):
    """A user given by e-mail address, or by login name for a member without e-mail. Coordinators know people
    by their address, and a select listing every account would neither scale nor keep the list of users out
    of the page."""

    default_error_messages = {"unknown": _("No account uses this e-mail address or login name.")}

    def prepare_value(self, value):
        return value.sign_in_name if isinstance(value, User) else value

    def clean(self, value):
        login = (super().clean(value) or "").strip()
        if not login:
            return None
        user = (
            User.objects.filter(email=login).first()
            or User.objects.filter(email__iexact=login).first()
            or User.objects.filter(login_name=login_names.as_typed_at_sign_in(login)).first()
        )
        if user is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return user


class ApproveForm(forms.Form):
    expires_at = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=AdminDateInput,
        help_text=_("Optional: the day the authorisation ends. Leave it empty for no end."),
    )


# The service says the same when the reason is missing; the form stops it before the round trip.
REASON_REQUIRED = _("Say why the request is rejected: the user will read it.")


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REASON_REQUIRED},
        help_text=_("Sent to the user by e-mail and shown on their account page."),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Sent to the user by e-mail."),
    )


class MembershipForm(WagtailAdminModelForm):
    """Memberships are created and edited here, but confirmed only through the "Confirm" action, which
    is logged; hence no "verified" field."""

    user = UserByEmailField(label=_("User's e-mail address or login name"))

    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "ended_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["user"] = self.instance.user.sign_in_name
