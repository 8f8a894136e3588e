"""What an order does to its buyer's access: a paid order grants its item, a refund withdraws it (and a
refund that fails later gives it back).

The one module of `payments` that writes entitlements, and it does so only through `courses.access.services`,
as every other app does. A purchase's entitlement carries the order's reference: a refund withdraws exactly
what its order granted, never a coordinator's grant or another purchase of the same item.
"""

from django.utils.translation import gettext as _

from courses.access import services as courses_services
from courses.access.models import Entitlement

from .models import Order


def purchase_grant(order: Order, *, buyer, item) -> None:
    """Give the buyer the item that this order paid for (nobody, once the buyer erased their account)."""
    if buyer is None:
        return
    courses_services.entitlement_grant(
        user=buyer,
        item=item,
        by=None,
        source=Entitlement.Source.PURCHASE,
        reference=order.reference,
        note=_("Order %(reference)s") % {"reference": order.reference},
    )


def purchase_revoke(order: Order, *, by, reason: str) -> Entitlement | None:
    """Withdraw what this order granted (not a grant or another purchase of the same item); the
    entitlement withdrawn now, or None when there was none in force."""
    entitlement = (
        Entitlement.objects.in_force()
        .filter(
            user=order.buyer_id,
            page=order.item_id,
            source=Entitlement.Source.PURCHASE,
            reference=order.reference,
        )
        .first()
    )
    if entitlement is not None:
        courses_services.entitlement_revoke(entitlement=entitlement, by=by, reason=reason)
    return entitlement
