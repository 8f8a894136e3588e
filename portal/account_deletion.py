"""Deleting one's own account, from "My account": a page that says what is erased and what is kept, the
password typed again, then the link sent by e-mail (a member without e-mail confirms with the password
alone); the link's page erases the account (portal/privacy/erasure.py), signs out and says goodbye.

The link's page asks for one more tap: a GET changes nothing on this site (tests/portal/test_security.py),
and mail filters open links to check them; erasing on their visit would erase accounts nobody confirmed.
"""

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import tasks
from .emails import address_of
from .privacy.confirmation import erasure_request
from .privacy.erasure import account_erase


class AccountDeleteForm(forms.Form):
    keep_certificates_public = forms.BooleanField(
        label=_("Keep my certificates public with my name"),
        help_text=_(
            "Whoever has one of your certificates can still check it, with your name on it. Otherwise the "
            "check says only the date and the course."
        ),
        required=False,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password. Nothing was deleted."), code="password")
        return password


def _erase_and_sign_out(request, user, keep_certificates_public: bool):
    account_erase(user=user, keep_certificates_public=keep_certificates_public)
    logout(request)
    return redirect("portal:account_deleted")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep_certificates_public"]
        if address_of(user) is None:  # no e-mail to confirm with: the password is the confirmation
            return _erase_and_sign_out(request, user, keep)
        transaction.on_commit(lambda: tasks.email_account_erasure_link.enqueue(user.pk, keep))
        return render(request, "portal/account_delete_sent.html", {"page_title": _("Check your e-mail")})
    context = {
        "page_title": _("Delete my account"),
        "form": form,
        "has_email": address_of(user) is not None,
        "has_certificates": user.certificates.exists(),
    }
    return render(request, "portal/account_delete.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def account_delete_confirm(request, token: str):
    """The e-mail's link: anyone holding it may confirm (the person may open it on another phone, signed
    out); the link is void once used, after a day, or when the password changed."""
    found = erasure_request(token)
    if found is None:
        return render(
            request, "portal/account_delete_confirm.html", {"page_title": _("Delete my account")}, status=404
        )
    user, keep = found
    if request.method == "POST":
        return _erase_and_sign_out(request, user, keep)
    context = {"page_title": _("Delete my account"), "valid": True, "keep_certificates_public": keep}
    return render(request, "portal/account_delete_confirm.html", context)


@never_cache
@require_GET
def account_deleted(request):
    return render(request, "portal/account_deleted.html", {"page_title": _("Your account was deleted")})
