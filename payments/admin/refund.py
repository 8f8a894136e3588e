"""The refund screen: the order's refund form posts here, the coordinator confirms the amount and what
happens to the buyer's access, and `payments.refunds.refund_order` gives the money back through Stripe.

Nothing is sent to Stripe before the confirmation, and a form older than the order's last refund is refused:
money that has left cannot be taken back.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from courses.currencies import money
from portal.admin.access_requests import person_label
from portal.admin.views import ServiceFormView

from .. import refunds
from ..models import Order
from .forms import RefundForm, can_be_refunded, refundable

REFUND = "refund"  # the action of the custom permission payments.refund_order


class RefundView(ServiceFormView):
    """The refund form's target (and its page when something went wrong). The service refunds through
    Stripe, records the refund, withdraws the item when asked or when all is refunded, and logs it."""

    model = Order
    permission_required = REFUND
    form_class = RefundForm
    template_name = "payments/admin/orders/refund.html"
    header_icon = "tag"
    page_title = _("Refund the order")
    submit_label = _("Refund")
    button_class = "serious"
    inspect_url_name = None

    def get_queryset(self):
        return Order.objects.select_related("buyer", "item")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "order": self.object}

    def get(self, request, *args, **kwargs):
        if not can_be_refunded(self.object):
            messages.warning(
                request,
                gettext("Order %(reference)s cannot be refunded: %(status)s.")
                % {"reference": self.object.reference, "status": self.object.get_status_display()},
            )
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def form_valid(self, form):
        # Money leaves at once and cannot be taken back: the coordinator confirms first, with the amount
        # and what happens to the buyer's access in view. Nothing is sent to Stripe before.
        if not form.cleaned_data["confirmed"]:
            self.confirming = True
            return self.render_to_response(
                self.get_context_data(form=form, confirmation=self.get_confirmation(form))
            )
        return super().form_valid(form)

    def get_confirmation(self, form) -> dict:
        order, data = self.object, form.cleaned_data
        amount = data["amount"] or refundable(order)
        withdraws = amount >= refundable(order) or data["revoke"]
        values = {"item": order.item_title}
        consequence = (
            gettext("The buyer loses access to “%(item)s”.")
            if withdraws
            else gettext("The buyer keeps access to “%(item)s”.")
        ) % values
        return {
            "question": gettext("Refund %(amount)s to %(buyer)s for order %(reference)s?")
            % {
                "amount": money(amount, order.currency),
                "buyer": person_label(order.buyer),
                "reference": order.reference,
            },
            "consequence": consequence,
            "withdraws": withdraws,
            # What the coordinator sent, sent again with the confirmation (a stale form is still refused).
            "fields": [
                (name, form.data.get(name, "")) for name in ("amount", "revoke", "reason", "seen_refunded")
            ],
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Order._meta.verbose_name_plural.capitalize()},
            {"url": self.get_success_url(), "label": self.object.reference},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_summary(self):
        order = self.object
        return [
            (_("Buyer"), person_label(order.buyer)),
            (_("Course or material"), order.item_title),
            (_("Amount"), money(order.amount, order.currency)),
            (_("Already refunded"), money(order.amount_refunded, order.currency)),
            (_("Status"), order.get_status_display()),
        ]

    @transaction.atomic
    def perform(self, cleaned_data):
        # The order's row stays locked from this check to the end of the refund: of two submits of the same
        # form, the second waits, then finds that more has been refunded than the form showed.
        order = Order.objects.select_for_update().get(pk=self.object.pk)
        seen = cleaned_data["seen_refunded"]
        if seen is not None and order.amount_refunded != seen:
            raise ValidationError(
                gettext(
                    "Order %(reference)s has changed since this form was shown: %(refunded)s has been "
                    "refunded by now. Nothing more was refunded; check the order and try again if need be."
                )
                % {"reference": order.reference, "refunded": money(order.amount_refunded, order.currency)}
            )
        self.refunded = cleaned_data["amount"] or refundable(order)
        self.result = refunds.refund_order(
            order=order,
            by=self.request.user,
            amount=cleaned_data["amount"],
            revoke=cleaned_data["revoke"],
            reason=cleaned_data["reason"],
        )
        self.revoked = self.result.status == Order.Status.REFUNDED or cleaned_data["revoke"]

    def form_invalid(self, form):
        # Why nothing happened, at the top of the page: Stripe's refusal or absence, or the amount.
        reasons = form.non_field_errors()
        messages.error(
            self.request,
            " ".join(reasons) if reasons else gettext("Nothing was refunded: see the form below."),
        )
        return super().form_invalid(form)

    def get_page_title(self):
        if getattr(self, "confirming", False):
            return gettext("Confirm the refund")
        return super().get_page_title()

    def get_success_message(self):
        values = {
            "amount": money(self.refunded, self.result.currency),
            "reference": self.result.reference,
            "item": self.result.item_title,
        }
        if self.result.status == Order.Status.REFUNDED:
            return (
                gettext(
                    "Refunded %(amount)s: order %(reference)s is fully refunded and the buyer no longer has "
                    "access to “%(item)s”."
                )
                % values
            )
        if self.revoked:
            return (
                gettext(
                    "Refunded %(amount)s of order %(reference)s; the buyer no longer has access to "
                    "“%(item)s”."
                )
                % values
            )
        return (
            gettext("Refunded %(amount)s of order %(reference)s; the buyer keeps access to “%(item)s”.")
            % values
        )

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])
