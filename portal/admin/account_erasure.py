"""A coordinator erases a person's account when the person asks by another channel (a letter, a call, at an
assembly): the same erasure as the person's own (portal/privacy/erasure.py), from the Users and Memberships
listings, after a confirmation screen. The audit log records that a coordinator did it, never whom: the
entry names no one but the coordinator."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button

from ..privacy.erasure import account_erase
from .access_request_labels import person_label
from .views import ServiceFormView

PERMISSION = "portal.erase_account"
URL_NAME = "portal_account_erase"


def may_erase(request_user, person) -> bool:
    """Coordinators erase others' accounts; their own goes from "My account", like anyone's."""
    return request_user.has_perm(PERMISSION) and person.pk != request_user.pk and not person.is_superuser


def erase_button(request_user, person, *, priority: int = 90) -> list[Button]:
    if not may_erase(request_user, person):
        return []
    url = reverse(URL_NAME, args=[person.pk])
    return [Button(_("Delete this person's account"), url=url, icon_name="bin", priority=priority)]


def instead_of_wagtail_delete(request, person):
    if may_erase(request.user, person):
        return redirect(URL_NAME, person.pk)
    return None


class AccountEraseForm(forms.Form):
    request_checked = forms.BooleanField(
        label=_("The person asked for it, and I checked that the request comes from them"),
        error_messages={
            "required": _("Confirm that the person asked for it and that you checked who they are.")
        },
    )
    keep_certificates_public = forms.BooleanField(
        label=_("They want to keep their certificates public with their name"), required=False
    )


class AccountEraseView(ServiceFormView):
    form_class = AccountEraseForm
    header_icon = "bin"
    page_title = _("Delete this person's account (request received by another channel)")
    submit_label = _("Delete the account")
    button_class = "serious"
    intro = _(
        "Their name, e-mail address, login name, memberships, requests, learning and access are erased at "
        "once; orders and invoices stay for the accounts without them, and certificates stay verifiable "
        "without their name. This cannot be undone. The audit log records that you did it, not whom."
    )

    def dispatch(self, request, *args, **kwargs):
        if not may_erase(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return get_user_model().objects.all()

    def get_page_subtitle(self):
        return person_label(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": get_user_model()._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_summary(self):
        person = self.object
        organisations = ", ".join(
            membership.organisation.name for membership in person.memberships.select_related("organisation")
        )
        return [
            (_("Person"), person_label(person)),
            (_("Organisations"), organisations or "—"),
            (_("Certificates"), person.certificates.count()),
            (_("Orders"), person.orders.count()),
        ]

    def perform(self, cleaned_data):
        account_erase(
            user=self.object,
            keep_certificates_public=cleaned_data["keep_certificates_public"],
            by=self.request.user,
        )

    def get_success_message(self):
        return gettext("The account was deleted. The audit log records that you did it.")

    def get_success_url(self):
        return reverse("wagtailusers_users:index")
