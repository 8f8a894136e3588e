"""Read-only questions about orders that the pages and the receipt share."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses.access.models import Entitlement
from courses.catalogue.material_pages import MaterialPage

from .models import Order

OPEN_STATUSES = (Order.Status.PAID, Order.Status.PARTIALLY_REFUNDED)


@dataclass(frozen=True)
class ItemLinks:
    """Where a buyer opens what they bought: the item's page (in the current language when it has been
    translated) and, for a material, each file's download address. Empty when the order gives no access."""

    item_url: str = ""
    files: list[tuple[str, str]] = field(default_factory=list)


def item_links(order: Order) -> ItemLinks:
    if order.item is None or order.status not in OPEN_STATUSES or not order.item.live:
        return ItemLinks()
    item = order.item.specific.localized
    files = []
    if isinstance(item, MaterialPage):
        files = [(file.display_title, file.get_download_url()) for file in item.files.all()]
    return ItemLinks(item_url=item.url or "", files=files)


def orders_for(user) -> list[Order]:
    """The buyer's purchases, newest first, with what to open for each."""
    orders = list(Order.objects.purchases().filter(buyer=user).select_related("item", "licence"))
    for order in orders:
        order.links = item_links(order)
    return orders


def delayed_payment_awaited(user, item) -> Order | None:
    """The user's order for the item (in any of its languages) whose delayed payment (a voucher, a bank
    debit) is on its way: it is not to be bought again meanwhile."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Order.objects.pending()
        .filter(buyer=user, item__translation_key=item.translation_key, delayed_payment_since__isnull=False)
        .first()
    )


def purchase_in_force(order: Order) -> bool:
    """Whether the access this order gave is still in force (a refund may have withdrawn it)."""
    return (
        Entitlement.objects.in_force()
        .filter(source=Entitlement.Source.PURCHASE, reference=order.reference)
        .exists()
    )


def purchase_ever_granted(order: Order) -> bool:
    """Whether this order ever gave access (in force or withdrawn since): never, when its payment did not
    match it, or when it was refunded before its payment was known."""
    return Entitlement.objects.filter(source=Entitlement.Source.PURCHASE, reference=order.reference).exists()
