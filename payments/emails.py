"""The buyer's e-mails (the receipt, the notice of a refund, the news of a refund that failed, the notice
of a delayed payment that never came) and the coordinators' alerts about a refund that failed and about a
dispute, each written in its reader's language from templates in templates/payments/emails/."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from courses.currencies import money
from portal.emails import address_of
from portal.roles import COORDINATORS

from . import gateway, receipt_pdf
from .models import Dispute, Order, Refund
from .selectors import item_links, purchase_in_force


def send_receipt(order: Order) -> None:
    """The receipt, with its PDF attached (what an institution files to be reimbursed) and the address of
    Stripe's invoice when Checkout made one: through the portal, which asks Stripe for a fresh link each time
    (Stripe's own links expire a month after the payment)."""
    buyer = order.buyer
    if buyer is None:  # the buyer erased their account (payments/privacy/erasure.py): no one to write to
        return
    language = buyer.language or settings.LANGUAGE_CODE
    with translation.override(language):
        site_url = settings.PORTAL_BASE_URL
        links = item_links(order)
        reference = {"reference": order.reference}
        context = {
            "order": order,
            "buyer": buyer,
            "licence": order.licence,
            "site_url": site_url,
            "item_url": f"{site_url}{links.item_url}" if links.item_url else "",
            "files": [(title, f"{site_url}{url}") for title, url in links.files],
            "purchases_url": f"{site_url}{reverse('payments:purchases')}",
            "receipt_pdf_url": f"{site_url}{reverse('payments:receipt_pdf', kwargs=reference)}",
            "invoice_url": order.stripe_invoice_id
            and f"{site_url}{reverse('payments:invoice', kwargs=reference)}",
        }
        attachment = (receipt_pdf.filename(order, language), receipt_pdf.render_pdf(order, language))
        send_to_buyer(buyer, "receipt", context, attachments=[(*attachment, "application/pdf")])


def send_refund_notice(refund: Refund) -> None:
    """Tell the buyer that a refund is done: how much, for which order, and whether they keep the item (as
    the refund left it: a full refund withdraws it; a partial one as the coordinator chose). A refund of a
    second payment for the same order says so: it was given back because the order was paid already."""
    order = refund.order
    buyer = order.buyer
    if buyer is None:
        return
    with translation.override(buyer.language or settings.LANGUAGE_CODE):
        site_url = settings.PORTAL_BASE_URL
        context = {
            "order": order,
            "buyer": buyer,
            "amount": money(refund.amount, order.currency),
            "fully_refunded": order.amount_refunded >= order.amount,
            "keeps_access": purchase_in_force(order),
            "had_item": order.item_id is not None,
            "purchases_url": f"{site_url}{reverse('payments:purchases')}",
        }
        send_to_buyer(buyer, "second_payment_refund" if refund.second_payment else "refund", context)


def send_refund_failure_notices(refund: Refund) -> None:
    """Tell the buyer that a refund did not reach them (the money is back with the network, which will
    return it another way; whether they have the item), and alert the coordinators, with the order's page."""
    order = refund.order
    buyer = order.buyer
    context = {
        "order": order,
        "refund": refund,
        "buyer": buyer,
        "amount": money(refund.amount, order.currency),
        "has_access": purchase_in_force(order),
        "had_item": order.item_id is not None,
    }
    if buyer is not None:
        with translation.override(buyer.language or settings.LANGUAGE_CODE):
            purchases_url = f"{settings.PORTAL_BASE_URL}{reverse('payments:purchases')}"
            send_to_buyer(buyer, "refund_failed", {**context, "purchases_url": purchases_url})
    send_to_coordinators(order, "refund_failed_coordinator", context)


def send_dispute_alert(dispute: Dispute) -> None:
    """Tell the coordinators that the buyer's bank disputes a payment: how much, why, what it did to the
    buyer's access, and the date by which Stripe needs the network's evidence, with the dispute in Stripe's
    Dashboard (where the evidence is given) and the order's page."""
    order = dispute.order
    context = {
        "order": order,
        "dispute": dispute,
        "buyer": order.buyer,
        "amount": money(dispute.amount, order.currency),
        "dispute_url": gateway.dashboard_url("disputes", dispute.stripe_id),
    }
    send_to_coordinators(order, "dispute_coordinator", context)


def send_to_coordinators(order: Order, name: str, context: dict) -> None:
    """Send the e-mail `name` to every active coordinator, each in their language, with the order's page."""
    order_url = f"{settings.PORTAL_BASE_URL}{reverse('orders:inspect', args=[order.pk])}"
    coordinators = get_user_model().objects.filter(groups__name=COORDINATORS, is_active=True)
    for coordinator in coordinators:
        with translation.override(coordinator.language or settings.LANGUAGE_CODE):
            context_for_them = {**context, "order_url": order_url, "coordinator": coordinator}
            send_to(address_of(coordinator), name, context_for_them)


def send_payment_failed_notice(order: Order) -> None:
    """Tell the buyer that the delayed payment of their order (a bank debit, a cash voucher) never came:
    nothing was charged, the order is closed, and the item can be bought again from its page."""
    buyer = order.buyer
    if buyer is None:
        return
    with translation.override(buyer.language or settings.LANGUAGE_CODE):
        site_url = settings.PORTAL_BASE_URL
        item = order.item.specific.localized if order.item is not None and order.item.live else None
        context = {
            "order": order,
            "buyer": buyer,
            "item_url": f"{site_url}{item.url}" if item is not None and item.url else "",
            "purchases_url": f"{site_url}{reverse('payments:purchases')}",
        }
        send_to_buyer(buyer, "payment_failed", context)


def send_to_buyer(buyer, name: str, context: dict, attachments: list[tuple[str, bytes, str]] = ()) -> None:
    """Render templates/payments/emails/<name>_{subject.txt,body.txt,body.html} (in the language active
    here) and send them to the buyer as one message with a plain-text and an HTML part, and the
    `attachments` given as (file name, content, MIME type)."""
    send_to(address_of(buyer), name, context, attachments)


def send_to(
    address: str | None, name: str, context: dict, attachments: list[tuple[str, bytes, str]] = ()
) -> None:
    """`send_to_buyer` for any one recipient: a coordinator, say. Nothing for someone the portal does not
    write to (no address: portal/emails.py)."""
    if address is None:
        return
    subject = render_to_string(f"payments/emails/{name}_subject.txt", context).strip()
    text = render_to_string(f"payments/emails/{name}_body.txt", context)
    html = render_to_string(f"payments/emails/{name}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    message.send()
