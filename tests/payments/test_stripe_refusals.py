"""Permanent refusals: when Stripe refuses a checkout for good (a currency the account does not support, a
key it does not accept), the buyer is told the truth, not "try again in a few minutes", and the refusal is
a line on the coordinators' dashboard. Through the stand-in and the real SDK."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from payments.models import Order, StripeRefusal
from portal.roles import COORDINATORS

from .. import factories


def buy(client, item, language="es"):
    return client.post(f"/{language}/payments/buy/{item.pk}/")


def said_to_buyer(client, response) -> str:
    """The page the buyer is sent back to, with its message."""
    return client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "truth", "not_said"),
    [
        ("es", "Por el momento no es posible comprar este contenido con tarjeta", "unos minutos"),
        ("pt", "No momento não é possível comprar este conteúdo com cartão", "alguns minutos"),
        ("en", "This item cannot be bought by card at the moment", "in a few minutes"),
    ],
)
def test_a_currency_the_account_does_not_support_tells_the_buyer_the_truth(
    buyer_client, priced_material, standin, language, truth, not_said
):
    standin.account_currencies(["eur"])  # the item is sold in USD

    response = buy(buyer_client, priced_material, language=language)

    assert response.status_code == 302 and response["Location"] == priced_material.url
    page = said_to_buyer(buyer_client, response)
    assert truth in page and not_said not in page
    order = Order.objects.get()
    assert order.status == Order.Status.PENDING and order.stripe_session_id is None
    refusal = StripeRefusal.objects.get()
    assert (refusal.operation, refusal.kind, refusal.count) == (
        "create a Checkout Session",
        "invalid_request_error",
        1,
    )
    assert refusal.param == "line_items[0][price_data][currency]"
    assert "Invalid currency: usd" in refusal.message
    assert refusal.order == order


@pytest.mark.django_db
def test_the_same_refusal_is_counted_on_one_line_and_a_key_stripe_refuses_on_another(
    buyer_client, priced_material, standin, settings
):
    standin.account_currencies(["eur"])
    buy(buyer_client, priced_material)
    buy(buyer_client, priced_material)
    assert StripeRefusal.objects.get().count == 2

    settings.STRIPE_SECRET_KEY = "sk_test_revoked"
    response = buy(buyer_client, priced_material)

    assert "comprar este contenido con tarjeta" in said_to_buyer(buyer_client, response)
    revoked = StripeRefusal.objects.get(kind="authentication_error")
    assert "Invalid API Key provided" in revoked.message and "sk_test_revoked" not in revoked.message
    assert StripeRefusal.objects.count() == 2


@pytest.mark.django_db
def test_stripe_out_of_reach_is_still_a_matter_of_minutes(buyer_client, priced_material, stripe_down):
    response = buy(buyer_client, priced_material)
    assert "unos minutos" in said_to_buyer(buyer_client, response)
    assert not StripeRefusal.objects.exists()


@pytest.mark.django_db
def test_the_dashboard_shows_each_refusal_to_coordinators_only(buyer_client, priced_material, standin):
    coordinator = factories.UserFactory(is_staff=True, language="es")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    admin = Client()
    admin.force_login(coordinator)
    assert "stripe-refusals" not in admin.get("/admin/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    standin.account_currencies(["eur"])
    buy(buyer_client, priced_material)
    buy(buyer_client, priced_material)

    html = admin.get("/admin/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    panel = html.split('id="stripe-refusals-section"')[1].split("</section>")[0]
    assert "Pagos rechazados por Stripe" in panel
    assert "Iniciar un pago con tarjeta" in panel and "Stripe rechazó la solicitud" in panel
    assert "Invalid currency: usd" in panel and "2 veces" in panel
    order = Order.objects.get()
    assert f'href="/admin/orders/inspect/{order.pk}/"' in panel and order.reference in panel

    editor = factories.UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    other = Client()
    other.force_login(editor)
    assert "stripe-refusals" not in other.get("/admin/").content.decode()

    # A week after it last happened, the line is gone.
    StripeRefusal.objects.update(last_seen_at=timezone.now() - datetime.timedelta(days=8))
    assert "stripe-refusals" not in admin.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_reconciliation_records_what_stripe_refuses_for_good(buyer_client, priced_material, standin):
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    standin.reset()  # Stripe no longer knows that session (the demo's stand-in restarted, say)
    Order.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))

    call_command("reconcile_orders")

    refusal = StripeRefusal.objects.get()
    assert refusal.operation == "retrieve a Checkout Session" and refusal.code == "resource_missing"
    assert refusal.order == order
