"""Who an invoice is between: the buyer, as Stripe Checkout collected them, and the seller, as the
coordinators wrote it in the portal's settings.

Checkout asks a buyer who pays for an organisation for its legal name and tax ID (`tax_id_collection`);
the completed session carries them in `customer_details` (`business_name`, `name`, `tax_ids`, `address`),
with the invoice Checkout made (`invoice`) and the tax counted (`total_details.amount_tax`). Fulfilment
copies them onto the order with `buyer_fields`; the receipt PDF and the pages show them with the helpers
below.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.countries import country_name
from portal.models import PortalSettings

from .minor_units import from_minor
from .models import Order

# The order's fields `buyer_fields` fills, in a fixed order (fulfilment writes them in one statement).
BUYER_FIELDS = (
    "buyer_name",
    "buyer_organisation",
    "buyer_tax_ids",
    "buyer_address",
    "amount_tax",
    "stripe_invoice_id",
)
_ADDRESS_PARTS = ("line1", "line2", "postal_code", "city", "state", "country")


def _text(value, field: str) -> str:
    return str(value or "").strip()[: Order._meta.get_field(field).max_length]


def buyer_fields(session: dict) -> dict:
    """The order's values for BUYER_FIELDS from a completed Checkout Session (blank where Stripe says
    nothing). The organisation is the business name when Checkout gives one; an older session that has
    only a name and a tax ID names the organisation in `name`, which is then the organisation too."""
    details = session.get("customer_details") or {}
    tax_ids = [
        {"type": str(tax_id.get("type") or ""), "value": str(tax_id.get("value") or "")}
        for tax_id in details.get("tax_ids") or []
        if isinstance(tax_id, dict) and tax_id.get("value")
    ]
    name = details.get("individual_name") or details.get("name")
    organisation = details.get("business_name") or (details.get("name") if tax_ids else "")
    address = details.get("address") or {}
    address = {part: str(address[part]) for part in _ADDRESS_PARTS if address.get(part)}
    amount_tax = (session.get("total_details") or {}).get("amount_tax")
    currency = str(session.get("currency") or "usd")
    taxed = isinstance(amount_tax, int) and amount_tax > 0
    amount_tax = from_minor(amount_tax, currency) if taxed else Decimal("0")
    invoice = session.get("invoice")  # an id, or the invoice itself when the session was expanded
    invoice_id = invoice.get("id") if isinstance(invoice, dict) else invoice
    return {
        "buyer_name": _text(name, "buyer_name"),
        "buyer_organisation": _text(organisation, "buyer_organisation"),
        "buyer_tax_ids": tax_ids,
        "buyer_address": address,
        "amount_tax": amount_tax,
        "stripe_invoice_id": _text(invoice_id, "stripe_invoice_id"),
    }


def tax_id_text(tax_id: dict) -> str:
    """A tax ID as receipts show it: Stripe's type `pe_ruc` read as "PE RUC", then the number."""
    kind = (tax_id.get("type") or "").replace("_", " ").upper()
    if kind == "UNKNOWN":
        kind = ""
    return f"{kind} {tax_id.get('value', '')}".strip()


def address_lines(address: dict) -> list[str]:
    """A Stripe address in the order it is written in Latin America: street, then postal code and city,
    then state and country (named in the current language)."""
    address = address or {}
    town = " ".join(filter(None, (address.get("postal_code"), address.get("city"))))
    region = ", ".join(filter(None, (address.get("state"), country_name(address.get("country") or ""))))
    return [line for line in (address.get("line1"), address.get("line2"), town, region) if line]


def buyer_lines(order: Order) -> list[str]:
    """Who the order was billed to, one line each: the organisation (or the name alone), the person's name
    when it differs, the tax IDs, the address and the e-mail."""
    # The buyer is gone from an order whose person erased their account: the invoice's own copy stays.
    buyer = order.buyer
    lines = [order.buyer_organisation or order.buyer_name or (buyer.get_full_name() if buyer else "")]
    if order.buyer_organisation and order.buyer_name and order.buyer_name != order.buyer_organisation:
        lines.append(order.buyer_name)
    lines += [tax_id_text(tax_id) for tax_id in order.buyer_tax_ids or []]
    lines += address_lines(order.buyer_address)
    lines.append(buyer.email if buyer else "")
    return [line for line in lines if line]


@dataclass(frozen=True)
class Seller:
    """The seller as the site settings name it; blank where the coordinators have not written it yet."""

    legal_name: str
    address: list[str]
    tax_id: str


def seller() -> Seller:
    portal_settings = PortalSettings.load()
    return Seller(
        legal_name=portal_settings.seller_legal_name.strip(),
        address=[line.strip() for line in portal_settings.seller_address.splitlines() if line.strip()],
        tax_id=portal_settings.seller_tax_id.strip(),
    )
