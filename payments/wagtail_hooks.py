"""The payments app's part of the Wagtail admin: the audit-log labels of refunds (made, failed, of a second
payment) and of disputes and fraud warnings, the orders (listing, an order's page, the refund form), the
sales report in the Reports menu and the dashboard's panels (orders to act on, Stripe's refusals). The
screens are in payments/admin/.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from courses.currencies import money
from portal.admin.permissions import RecordPermissionPolicy

from .admin.orders import OrderViewSet
from .models import Order

# Before the viewset is registered: an order is the record of a payment, made by the checkout and changed
# only by Stripe's events and refunds. Nobody adds, edits or deletes one in the admin (superusers included);
# "view" (payments.view_order) and "refund" (payments.refund_order) remain.
register_permission_policy(Order, RecordPermissionPolicy(Order, forbidden=("add", "change", "delete")))


@hooks.register("register_log_actions")
def register_payment_log_actions(actions):
    @actions.register_action("payments.order.refund")
    class RefundFormatter(LogFormatter):
        label = _("Refund order")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Refunded %(amount)s of order %(reference)s") % {
                "amount": money(data.get("amount", ""), data.get("currency", "")),
                "reference": data.get("reference", ""),
            }


@hooks.register("register_admin_viewset")
def register_order_viewset():
    return OrderViewSet()


# --- refunds that failed, second payments given back, Stripe's refusals for good -------------------------


@hooks.register("register_log_actions")
def register_refund_failure_log_actions(actions):
    @actions.register_action("payments.order.refund_failed")
    class RefundFailedFormatter(LogFormatter):
        label = _("Refund failed at Stripe")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            values = {
                "amount": data.get("amount", ""),
                "currency": str(data.get("currency", "")).upper(),
                "refund": data.get("refund", ""),
            }
            if data.get("access_back"):
                message = _("Refund %(refund)s of %(amount)s %(currency)s failed; access given back")
            else:
                message = _("Refund %(refund)s of %(amount)s %(currency)s failed")
            return message % values

    @actions.register_action("payments.order.second_payment_refund")
    class SecondPaymentFormatter(LogFormatter):
        label = _("Second payment refunded")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("A second payment (%(payment)s) of %(amount)s %(currency)s refunded automatically") % {
                "payment": data.get("payment", ""),
                "amount": data.get("amount", ""),
                "currency": str(data.get("currency", "")).upper(),
            }


@hooks.register("register_log_actions")
def register_dispute_log_actions(actions):
    @actions.register_action("payments.order.dispute_opened")
    class DisputeOpenedFormatter(LogFormatter):
        label = _("Payment disputed")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("The buyer's bank disputes %(amount)s (%(dispute)s)") % {
                "amount": money(data.get("amount", ""), data.get("currency", "")),
                "dispute": data.get("dispute", ""),
            }

    @actions.register_action("payments.order.dispute_closed")
    class DisputeClosedFormatter(LogFormatter):
        label = _("Dispute closed")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            values = {"dispute": data.get("dispute", "")}
            if data.get("status") == "lost":
                return _("Dispute %(dispute)s lost: the money stays with the buyer's bank") % values
            if data.get("access_back"):
                return _("Dispute %(dispute)s won: the money is back; access given back") % values
            return _("Dispute %(dispute)s won: the money is back") % values

    @actions.register_action("payments.order.fraud_warning")
    class FraudWarningFormatter(LogFormatter):
        label = _("Early fraud warning")

        def format_message(self, log_entry):
            from .stripe_words import FRAUD_TYPES

            kind = (log_entry.data or {}).get("fraud_type", "")
            return _("Stripe's early fraud warning: %(kind)s") % {"kind": FRAUD_TYPES.get(kind, kind)}


@hooks.register("construct_homepage_panels")
def add_payments_panels(request, panels):
    from .admin.dashboard import orders_to_act_on_panel, stripe_refusals_panel

    if request.user.has_perm("payments.view_order"):
        for panel in (orders_to_act_on_panel(), stripe_refusals_panel()):
            if panel is not None:
                panels.append(panel)


# --- the sales report (payments/admin/sales.py), in the "Reports" menu -----------------------------------


@hooks.register("register_admin_urls")
def register_sales_report_urls():
    from django.urls import include, path

    from .admin import sales

    return [path("reports/sales/", include((sales.urlpatterns, sales.URL_NAMESPACE)))]


@hooks.register("register_reports_menu_item")
def register_sales_report_menu_item():
    from django.urls import reverse

    from .admin.sales import URL_NAMESPACE, SalesMenuItem

    return SalesMenuItem(
        _("Sales"), reverse(f"{URL_NAMESPACE}:report"), name="sales", icon_name="tag", order=620
    )
