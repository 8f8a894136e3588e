"""Stripe's codes in words for the portal's readers: where a refund stands and why it failed, what kind of
fraud an early warning reports, a dispute's status and the reason the bank gave. Stripe sends codes;
coordinators and buyers read these, in their language: no page, e-mail or report shows Stripe's own."""

from django.utils.translation import gettext_lazy as _

# Where a refund stands at Stripe (`Refund.status`).
REFUND_STATUSES = {
    "pending": _("on its way"),
    "requires_action": _("waiting for the buyer's details"),
    "succeeded": _("refund completed"),
    "failed": _("failed"),
    "canceled": _("cancelled"),
}

# Stripe's reasons for a refund that failed (`Refund.failure_reason`).
REFUND_FAILURE_REASONS = {
    "lost_or_stolen_card": _("the card was reported lost or stolen"),
    "expired_or_canceled_card": _("the card has expired or was cancelled"),
    "charge_for_pending_refund_disputed": _("the payment is being disputed"),
    "insufficient_funds": _("the Stripe account did not have the funds to return"),
    "declined": _("the card's bank refused it"),
    "merchant_request": _("it was cancelled at the network's request"),
}

# Stripe's kinds of fraud in an early fraud warning (`fraud_type`).
FRAUD_TYPES = {
    "card_never_received": _("the card was never received"),
    "fraudulent_card_application": _("the card was obtained by fraud"),
    "made_with_counterfeit_card": _("made with a counterfeit card"),
    "made_with_lost_card": _("made with a lost card"),
    "made_with_stolen_card": _("made with a stolen card"),
    "misc": _("another kind of fraud"),
    "unauthorized_use_of_card": _("the card's owner did not authorise it"),
}

DISPUTE_STATUSES = {
    "warning_needs_response": _("inquiry: evidence needed"),
    "warning_under_review": _("inquiry: under review"),
    "warning_closed": _("inquiry closed"),
    "needs_response": _("evidence needed"),
    "under_review": _("under review by the bank"),
    "won": _("won"),
    "lost": _("lost"),
    "prevented": _("prevented"),
}

# Stripe's reasons for a dispute (`Dispute.reason`), as the bank gave it.
DISPUTE_REASONS = {
    "fraudulent": _("the card's owner says they did not make the payment"),
    "product_not_received": _("the buyer says they did not receive it"),
    "product_unacceptable": _("the buyer says it was not as described"),
    "duplicate": _("the buyer says they were charged twice"),
    "subscription_canceled": _("the buyer says they had cancelled"),
    "credit_not_processed": _("the buyer says a refund was promised"),
    "unrecognized": _("the buyer does not recognise the payment"),
    "general": _("no particular reason"),
}
