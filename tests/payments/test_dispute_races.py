"""Early fraud warnings (Stripe's 4000 0000 0000 5423 card) and a dispute meeting a refund and a late
checkout event at the same moment, through the stand-in and the real SDK."""

from decimal import Decimal

import pytest
import stripe
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from courses.access import policy as access
from courses.models import Entitlement
from payments.models import Dispute, Order, Refund
from portal.roles import COORDINATORS

from .. import factories
from .helpers import deliver, in_threads, postgresql_only

FRAUD_WARNING = "4000000000005423"


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


def events_of(standin, *types):
    return [record["event"] for record in standin.events if record["type"] in types]


@pytest.fixture
def coordinator_client(db):
    user = factories.UserFactory(is_staff=True, language="es", email="coordinacion@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    client = Client()
    client.force_login(user)
    return client


def pay(buyer_client, item, standin, capture, card="4242424242424242") -> Order:
    buyer_client.post(f"/es/payments/buy/{item.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False, card=card)
    with capture(execute=True):
        buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    return order


@pytest.mark.django_db
def test_an_early_fraud_warning_marks_the_order_and_its_page_refunds_it_in_one_click(
    buyer_client, buyer, priced_material, standin, coordinator_client, django_capture_on_commit_callbacks
):
    order = pay(buyer_client, priced_material, standin, django_capture_on_commit_callbacks, FRAUD_WARNING)
    [warning] = events_of(standin, "radar.early_fraud_warning.created")
    assert deliver(Client(), warning).status_code == 200

    order.refresh_from_db()
    assert order.fraud_warned_at is not None and order.fraud_type == "made_with_stolen_card"
    assert opens(buyer, priced_material)  # the buyer keeps the item until a coordinator decides
    home = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "orders-to-act-on" in home and order.reference in home
    page = coordinator_client.get(reverse("orders:inspect", args=[order.pk])).content.decode()
    assert "hecho con una tarjeta robada" in page
    assert "Reembolsar 12,50 USD ahora y retirar el acceso" in page

    # The one click: the form on the order's page, as it is.
    form = BeautifulSoup(page, "html.parser").select_one("form.order-fraud-refund")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(form["action"], fields, follow=True)
    assert response.status_code == 200

    order.refresh_from_db()
    assert order.status == Order.Status.REFUNDED and order.amount_refunded == Decimal("12.50")
    assert not opens(buyer, priced_material)
    [refund] = standin.state.refunds.values()
    assert refund["reason"] == "fraudulent"  # Radar blocks the card from now on
    assert not order.fraud_warning_open
    page = coordinator_client.get(reverse("orders:inspect", args=[order.pk])).content.decode()
    assert "order-fraud-refund" not in page


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_dispute_a_refund_and_a_late_checkout_event_at_the_same_moment_leave_one_state(
    buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    order = pay(buyer_client, priced_material, standin, django_capture_on_commit_callbacks)
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": standin.url})
    # Refunded in part in Stripe's Dashboard, then disputed by the bank for what is left.
    refund = client.v1.refunds.create({"payment_intent": order.payment_intent_id, "amount": 250})
    standin.dispute_charge(refund.charge, send=False)
    [refund_event] = events_of(standin, "refund.created")
    [dispute_event] = events_of(standin, "charge.dispute.created")
    [checkout_event] = events_of(standin, "checkout.session.completed")

    statuses = in_threads(
        *[
            lambda stripe_event=stripe_event: deliver(Client(), stripe_event).status_code
            for stripe_event in (dispute_event, refund_event, checkout_event)
        ]
    )

    assert statuses == [200, 200, 200]
    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED and order.amount_refunded == Decimal("2.50")
    assert Refund.objects.get().amount == Decimal("2.50") and Dispute.objects.get().amount == Decimal("10.00")
    purchases = Entitlement.objects.filter(source=Entitlement.Source.PURCHASE, reference=order.reference)
    assert purchases.count() == 1 and not opens(buyer, priced_material)

    dispute = Dispute.objects.get()
    standin.close_dispute(dispute.stripe_id, won=True, send=False)
    for stripe_event in events_of(standin, "charge.dispute.funds_reinstated", "charge.dispute.closed"):
        assert deliver(Client(), stripe_event).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PARTIALLY_REFUNDED and opens(buyer, priced_material)
