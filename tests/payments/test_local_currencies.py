"""Local currencies end to end, through the real Stripe SDK against the stand-in: an item priced in guaraníes
(a zero-decimal currency for Stripe) is charged in whole guaraníes, fulfilled by the stand-in's own webhook
events, and refunded in part; two-decimal currencies go in cents; the buyer reads the amounts their way."""

import urllib.request
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from courses.models import AccessLevel
from payments import gateway, refunds
from payments.admin.forms import RefundForm
from payments.models import Order, Refund

from .. import factories
from .helpers import deliver

NBSP = "\xa0"  # Django's Spanish groups thousands with a no-break space


def priced(tree, price: str, currency: str, slug: str):
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Guía de acopio",
        slug=slug,
        access_level=AccessLevel.AUTHORISED,
        price=Decimal(price),
        currency=currency,
    )
    factories.add_file(material, "guia-acopio.pdf", title="Guía completa")
    return material


def deliver_new_events(standin, already: int = 0) -> None:
    """Deliver to the portal, signed, what the stand-in sent (no live server here: the test delivers them)."""
    standin.wait_idle()
    for record in standin.events[already:]:
        assert deliver(Client(), record["event"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("price", "currency", "sent"),
    [
        ("150000", "pyg", 150000),
        ("12000", "clp", 12000),
        ("49.90", "brl", 4990),
        ("40000.00", "cop", 4000000),
    ],
)
def test_the_checkout_asks_stripe_for_the_price_in_the_currencys_minor_unit(
    buyer_client, tree, standin, price, currency, sent
):
    material = priced(tree, price, currency, f"guia-{currency}")

    buyer_client.post(f"/es/payments/buy/{material.pk}/")

    order = Order.objects.get()
    session = standin.state.sessions[order.stripe_session_id]
    assert (order.amount, order.currency) == (Decimal(price), currency)
    assert (session["amount_total"], session["currency"]) == (sent, currency)


@pytest.mark.django_db
def test_a_purchase_in_guaranies_is_charged_in_whole_guaranies_fulfilled_and_refunded_in_part(
    buyer_client, buyer, tree, standin, django_capture_on_commit_callbacks
):
    material = priced(tree, "150000", "pyg", "guia-pyg")
    notice = buyer_client.get(material.url).content.decode().split('class="lock-notice"')[1]
    assert f"150{NBSP}000 PYG" in notice  # Spanish, no decimals

    buyer_client.post(f"/es/payments/buy/{material.pk}/")
    order = Order.objects.get()
    with urllib.request.urlopen(f"{standin.url}/pay/{order.stripe_session_id}") as page:  # noqa: S310
        assert "150.000 PYG" in page.read().decode()  # what Stripe's page would ask the buyer to pay

    standin.complete_session(order.stripe_session_id, send=False)  # paid with 4242 4242 4242 4242
    with django_capture_on_commit_callbacks(execute=True):
        deliver_new_events(standin)

    order.refresh_from_db()
    [charge] = standin.state.charges.values()
    assert (charge["amount"], charge["currency"]) == (150000, "pyg")  # not 15,000,000
    assert order.status == Order.Status.PAID and order.amount == Decimal("150000")
    assert not order.flag_reason and order.payment_intent_id == charge["payment_intent"]
    assert f"150{NBSP}000 PYG" in mail.outbox[0].body  # the receipt, in the buyer's Spanish

    coordinator = factories.UserFactory(is_superuser=True, is_staff=True)
    already = len(standin.events)
    order = refunds.refund_order(order=order, by=coordinator, amount=Decimal("50000"), reason="Parte")
    deliver_new_events(standin, already)

    order.refresh_from_db()
    [refund] = standin.state.refunds.values()
    assert (refund["amount"], refund["currency"]) == (50000, "pyg")
    assert standin.state.charges[charge["id"]]["amount_refunded"] == 50000
    assert order.status == Order.Status.PARTIALLY_REFUNDED and order.amount_refunded == Decimal("50000")
    assert Refund.objects.get().amount == Decimal("50000")
    purchases = buyer_client.get("/pt/account/purchases/").content.decode()
    assert "PYG 150.000" in purchases and "Reembolsado: PYG 50.000" in purchases


@pytest.mark.django_db
def test_guaranies_are_refunded_in_whole_guaranies(buyer, tree):
    material = priced(tree, "150000", "pyg", "guia-pyg")
    order = Order.objects.create(
        buyer=buyer,
        item=material,
        item_title=material.title,
        amount=material.price,
        currency="pyg",
        status=Order.Status.PAID,
        payment_intent_id="pi_test_guaranies",
    )

    # "50.000" as a Spanish reader writes fifty thousand: refused, not read as 50 guaraníes.
    with translation.override("es"):
        form = RefundForm({"amount": "50.000", "reason": ""}, order=order)
        assert not form.is_valid() and form.errors["amount"] == [
            "Los montos en PYG se escriben sin decimales."
        ]
    assert RefundForm({"amount": "50000", "reason": ""}, order=order).is_valid()
    with translation.override("en"), pytest.raises(ValidationError, match="between PYG 1 and"):
        refunds.refund_order(order=order, by=None, amount=Decimal("0.50"))


@pytest.mark.django_db
def test_the_stand_in_refuses_what_stripe_would_refuse(standin, settings):
    request = gateway.CheckoutRequest(
        order_id=1,
        reference="CL-2026-TEST01",
        product_name="Guía",
        amount=Decimal("0.40"),
        currency="usd",
        customer_email="ana@example.org",
        language="es",
        success_url="http://testserver/ok",
        cancel_url="http://testserver/cancel",
    )
    with pytest.raises(gateway.GatewayError, match="at least 0.50 usd"):
        gateway.checkout_session_create(request, idempotency_key="clase-test-minimum")
