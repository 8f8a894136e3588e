"""The payments app's part of the Wagtail admin: the audit-log label of a refund."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_payment_log_actions(actions):
    @actions.register_action("payments.order.refund")
    class RefundFormatter(LogFormatter):
        label = _("Refund order")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Refunded %(amount)s %(currency)s of order %(reference)s") % {
                "amount": data.get("amount", ""),
                "currency": str(data.get("currency", "")).upper(),
                "reference": data.get("reference", ""),
            }
