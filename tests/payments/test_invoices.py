"""Invoices for institutions: Checkout asks Stripe for an invoice and for the buyer's organisation and tax
ID; the order keeps them; the receipt has a PDF naming the seller (site settings) and the buyer; the receipt
e-mail attaches it and links Stripe's invoice, which the purchases page opens through a fresh link.

Bought through the portal's Buy button, paid on the stand-in (with the real Stripe SDK on the portal's
side) and settled by the stand-in's signed webhook events.
"""

import socket
import urllib.request
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from payments.models import Order
from portal.models import PortalSettings

from .. import factories
from ..courses.learning_kit import pdf_text
from .helpers import deliver

ORGANISATION = {
    "business_name": "Universidad Andina del Cusco",
    "tax_ids": [{"type": "pe_ruc", "value": "20123456789"}],
    "address": {"line1": "Av. de la Cultura 733", "city": "Cusco", "postal_code": "08003", "country": "PE"},
    "name": "Rosa Quispe",
}


@pytest.fixture
def seller(db):
    portal_settings = PortalSettings.load()
    portal_settings.seller_legal_name = "Asociación Red Cla@se"
    portal_settings.seller_address = "Jr. Huallaga 320\nLima 15001, Perú"
    portal_settings.seller_tax_id = "RUC 20555555551"
    portal_settings.save()
    return portal_settings


@pytest.fixture
def buy(buyer_client, buyer, standin, django_capture_on_commit_callbacks):
    """Buy the item through the portal, pay it on the stand-in as `customer` (an organisation, or a person
    when None), and deliver the stand-in's events to the webhook; the order as the portal then has it."""

    def buy(item, customer=None, language="es", before_payment=None) -> Order:
        buyer_client.post(f"/{language}/payments/buy/{item.pk}/")
        order = Order.objects.get(buyer=buyer, item=item)
        if before_payment is not None:
            before_payment(order)
        already = len(standin.events)
        standin.complete_session(order.stripe_session_id, send=False, customer=customer)
        with django_capture_on_commit_callbacks(execute=True):
            for record in standin.events[already:]:
                assert deliver(Client(), record["event"]).status_code == 200
        order.refresh_from_db()
        return order

    return buy


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the loopback stand-in
        return response.headers["Content-Type"], response.read()


@pytest.mark.django_db
def test_checkout_asks_stripe_for_an_invoice_and_for_the_buyers_organisation_and_tax_id(
    buyer_client, priced_material, standin
):
    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")

    order = Order.objects.get()
    session = standin.state.sessions[order.stripe_session_id]
    assert session["invoice_creation"]["enabled"] is True
    invoice_data = session["invoice_creation"]["invoice_data"]
    assert invoice_data["metadata"] == {"order_id": str(order.pk), "order_reference": order.reference}
    # Stripe's invoice names the portal's order, in the buyer's language.
    assert invoice_data["custom_fields"] == [{"name": "Pedido", "value": order.reference}]
    assert session["tax_id_collection"] == {"enabled": True, "required": "never"}
    assert session["automatic_tax"]["enabled"] is False
    price = standin.state.extras[order.stripe_session_id].line_items[0]["price"]
    assert price["tax_behavior"] == "unspecified"


@pytest.mark.django_db
def test_automatic_tax_is_a_setting_and_keeps_the_price_what_the_buyer_pays(
    buyer_client, priced_material, standin, settings
):
    settings.STRIPE_AUTOMATIC_TAX = True

    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")

    order = Order.objects.get()
    session = standin.state.sessions[order.stripe_session_id]
    assert session["automatic_tax"]["enabled"] is True and session["amount_total"] == 1250
    price = standin.state.extras[order.stripe_session_id].line_items[0]["price"]
    assert price["tax_behavior"] == "inclusive"  # the tax comes out of the price, never on top of it


@pytest.mark.django_db
def test_an_organisations_name_tax_id_and_address_are_kept_on_the_order(buy, priced_material, standin):
    order = buy(priced_material, ORGANISATION)

    assert order.status == Order.Status.PAID
    assert (order.buyer_organisation, order.buyer_name) == ("Universidad Andina del Cusco", "Rosa Quispe")
    assert order.buyer_tax_ids == [{"type": "pe_ruc", "value": "20123456789"}]
    assert order.buyer_address == {
        "line1": "Av. de la Cultura 733",
        "city": "Cusco",
        "postal_code": "08003",
        "country": "PE",
    }
    assert order.amount_tax == Decimal("0")
    session = standin.state.sessions[order.stripe_session_id]
    assert order.stripe_invoice_id == session["invoice"] and order.stripe_invoice_id.startswith("in_")
    invoice = standin.state.invoices[order.stripe_invoice_id]
    assert invoice["customer_name"] == "Universidad Andina del Cusco" and invoice["status"] == "paid"
    assert invoice["metadata"]["order_reference"] == order.reference


@pytest.mark.django_db
def test_a_payment_settled_on_the_locked_path_keeps_the_buyers_details_too(buy, priced_material):
    """A payment that does not match its order is settled on the locked path (flagged, nothing granted):
    what Stripe collected is kept there too, for the coordinator who sorts it out."""

    def order_changed_meanwhile(order):
        Order.objects.filter(pk=order.pk).update(amount=Decimal("10.00"))

    order = buy(priced_material, ORGANISATION, before_payment=order_changed_meanwhile)

    assert order.status == Order.Status.FLAGGED
    assert order.buyer_organisation == "Universidad Andina del Cusco" and order.stripe_invoice_id


@pytest.mark.django_db
def test_the_receipt_email_attaches_the_pdf_in_the_buyers_language_and_links_stripes_invoice(
    buy, buyer, priced_material, seller
):
    buyer.language = "pt"
    buyer.save()

    order = buy(priced_material, ORGANISATION)

    [receipt] = mail.outbox
    [(name, content, mimetype)] = receipt.attachments
    assert (name, mimetype) == (f"recibo-{order.reference}.pdf", "application/pdf")
    text = pdf_text(content)
    for words in (
        "Recibo",
        f"Pedido {order.reference}",
        "VENDIDO POR",
        "Asociación Red Cla@se",  # the seller's name as the settings write it
        "Jr. Huallaga 320",
        "Identificação fiscal: RUC 20555555551",
        "FATURADO PARA",
        "Universidad Andina del Cusco",
        "Rosa Quispe",
        "PE RUC 20123456789",
        "Av. de la Cultura 733",
        "08003 Cusco",
        "Manual de costos",
        "USD 12,50",
    ):
        assert words in text, words
    html, _mime = receipt.alternatives[0]
    for part in (receipt.body, html):
        assert f"http://testserver/pt/account/purchases/{order.reference}/receipt.pdf" in part
        assert f"http://testserver/pt/account/purchases/{order.reference}/invoice/" in part


@pytest.mark.django_db
def test_the_receipt_pdf_is_downloaded_in_the_pages_language_by_its_buyer_only(
    buy, buyer_client, priced_material, seller
):
    order = buy(priced_material, ORGANISATION)

    response = buyer_client.get(f"/es/account/purchases/{order.reference}/receipt.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="recibo-{order.reference}.pdf"'
    text = pdf_text(response.content)
    with translation.override("es"):
        paid_on = formats.date_format(timezone.localtime(order.paid_at).date(), "DATE_FORMAT")
    for words in (
        "Recibo",
        f"Pedido {order.reference}",
        f"Pagado el {paid_on}",
        "VENDIDO POR",
        "Asociación Red Cla@se",
        "Identificación tributaria: RUC 20555555551",
        "FACTURADO A",
        "Universidad Andina del Cusco",
        "PE RUC 20123456789",
        "Manual de costos",
        "Total pagado",
        "12,50 USD",  # as Spanish writes an amount (courses/currencies.py `money`)
    ):
        assert words in text, words

    stranger = Client()
    stranger.force_login(factories.UserFactory())
    assert stranger.get(f"/es/account/purchases/{order.reference}/receipt.pdf").status_code == 404
    assert Client().get(f"/es/account/purchases/{order.reference}/receipt.pdf").status_code == 302


@pytest.mark.django_db
def test_a_person_buying_for_themself_is_billed_by_name_and_email(buy, buyer, buyer_client, priced_material):
    order = buy(priced_material)

    assert (order.buyer_organisation, order.buyer_tax_ids) == ("", [])
    text = pdf_text(buyer_client.get(f"/en/account/purchases/{order.reference}/receipt.pdf").content)
    assert "BILLED TO" in text and "Ana Compradora" in text and buyer.email in text
    assert "Cla@se" in text  # no seller identity written yet: the portal's name stands in


@pytest.mark.django_db
def test_the_purchases_page_opens_stripes_invoice_through_a_fresh_link(buy, buyer_client, priced_material):
    order = buy(priced_material, ORGANISATION)

    html = buyer_client.get("/es/account/purchases/").content.decode()
    assert f'href="/es/account/purchases/{order.reference}/receipt.pdf"' in html
    assert f'href="/es/account/purchases/{order.reference}/invoice/"' in html
    assert f'href="/es/account/purchases/{order.reference}/invoice/pdf/"' in html

    page = buyer_client.get(f"/es/account/purchases/{order.reference}/invoice/")
    assert page.status_code == 302
    content_type, body = fetch(page["Location"])
    assert content_type.startswith("text/html") and "Universidad Andina del Cusco" in body.decode()
    pdf = buyer_client.get(f"/es/account/purchases/{order.reference}/invoice/pdf/")
    content_type, body = fetch(pdf["Location"])
    assert content_type == "application/pdf" and body.startswith(b"%PDF") and b"20123456789" in body


@pytest.mark.django_db
def test_stripe_unreachable_sends_the_buyer_back_to_the_receipt(buy, buyer_client, priced_material, settings):
    order = buy(priced_material, ORGANISATION)
    with socket.socket() as closed:  # a port where nothing listens
        closed.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"

    response = buyer_client.get(f"/es/account/purchases/{order.reference}/invoice/", follow=True)

    assert response.redirect_chain == [("/es/account/purchases/", 302)]
    assert "no se puede abrir en este momento" in response.content.decode()


@pytest.mark.django_db
def test_an_order_without_stripes_invoice_has_no_invoice_link(buyer_client, buyer, priced_material, standin):
    """Orders paid before invoices were asked of Checkout: the receipt PDF only."""
    order = Order.objects.create(
        buyer=buyer,
        item=priced_material,
        item_title=priced_material.title,
        amount=priced_material.price,
        currency="usd",
        status=Order.Status.PAID,
        paid_at=timezone.now(),
    )

    html = buyer_client.get("/es/account/purchases/").content.decode()
    assert f"/{order.reference}/receipt.pdf" in html and f"/{order.reference}/invoice/" not in html
    assert buyer_client.get(f"/es/account/purchases/{order.reference}/invoice/").status_code == 404


@pytest.mark.django_db
def test_coordinators_see_who_the_invoice_is_for_on_the_orders_page(buy, priced_material, coordinator):
    order = buy(priced_material, ORGANISATION)
    staff = Client()
    staff.force_login(coordinator)

    html = staff.get(reverse("orders:inspect", args=[order.pk])).content.decode()

    for fact in (
        "Universidad Andina del Cusco",
        "Rosa Quispe",
        "PE RUC 20123456789",
        order.stripe_invoice_id,
    ):
        assert fact in html, fact
    assert "Av. de la Cultura 733, 08003 Cusco, " in html


@pytest.mark.django_db
def test_coordinators_write_the_sellers_identity_in_the_portal_settings(client, coordinator):
    client.force_login(coordinator)
    address = reverse("wagtailsettings:edit", args=["portal", "portalsettings", PortalSettings.load().pk])

    form = client.get(address).content.decode()
    assert 'name="seller_legal_name"' in form and 'name="seller_tax_id"' in form
    response = client.post(
        address,
        {
            "usual_decision_days": "5",
            "time_zone": "America/El_Salvador",
            "seller_legal_name": "Asociación Red Cla@se",
            "seller_address": "Jr. Huallaga 320\nLima",
            "seller_tax_id": "RUC 20555555551",
        },
    )

    assert response.status_code == 302
    saved = PortalSettings.load()
    assert (saved.seller_legal_name, saved.seller_tax_id) == ("Asociación Red Cla@se", "RUC 20555555551")
