from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    """Orders, the Stripe seam, checkout, webhooks, refunds, receipts and sales reports."""

    name = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from courses.reports.revenue import register_held_back_source, register_revenue_source
        from portal.privacy.erasure import eraser_register

        from . import reports
        from .privacy import export
        from .privacy.erasure import payments_erase

        export.register_sections()  # a person's orders and refunds, in their data export
        # A buyer who erases their account: their orders stay for the accounts, without them.
        eraser_register(payments_erase)

        # The licensing reports show each item's revenue and the contributors' share due from these sales.
        register_revenue_source(reports.revenue)
        # ...and how much of the sales is disputed or was lost in a dispute, counted in neither.
        register_held_back_source(reports.held_back)
