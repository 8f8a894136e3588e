"""What payments/ erases of a person whose account is erased (run by portal/privacy/erasure.py, registered
from PaymentsConfig.ready()).

Orders stay: tax law keeps them, and the sales reports count them. They lose their buyer. A paid order
that carries invoice details (an organisation, a tax ID, or an invoice made by Stripe) keeps the invoice's
own copy of who it was billed to, as the law requires: the organisation, its tax IDs and address, and the
person's name only when the invoice is in the person's own name (no organisation). Every other order loses
the details given at checkout. The raw Stripe events kept for the record lose the person's name and
e-mail address.
"""

from django.db.models import Q

from portal.privacy.erasure import identifiers, scrubbed

from ..models import Order, StripeEvent


def _invoiced() -> Q:
    return ~Q(buyer_organisation="") | ~Q(buyer_tax_ids=[]) | ~Q(stripe_invoice_id="")


def payments_erase(user, keep_certificates_public: bool) -> None:
    orders = Order.objects.filter(buyer=user)
    names = identifiers(user)
    for name in names:  # the payloads of the person's own checkouts, and any other naming them
        for event in StripeEvent.objects.filter(payload__icontains=name):
            event.payload = scrubbed(event.payload, names)
            event.save(update_fields=["payload"])
    invoiced = orders.filter(_invoiced(), paid_at__isnull=False)
    invoiced.filter(buyer_organisation="").update(buyer=None, checkout_url="")
    invoiced.update(buyer=None, buyer_name="", checkout_url="")
    orders.update(
        buyer=None,
        buyer_name="",
        buyer_organisation="",
        buyer_tax_ids=[],
        buyer_address={},
        checkout_url="",
    )
