"""Fulfilment: what was paid is checked against the order; the item is granted and the receipt sent once."""

import pytest
from django.core import mail
from django.test import Client

from courses.access import policy as access
from courses.models import Entitlement
from payments.models import Order

from .. import factories
from .helpers import deliver, event, in_threads, open_order, postgresql_only, session_for


def completed(order, **changes):
    return event("checkout.session.completed", session_for(order, **changes))


@pytest.mark.django_db
def test_after_payment_the_buyer_opens_the_item_and_gets_a_receipt_in_their_language(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    buyer.language = "en"
    buyer.save()
    licence = factories.LicenceFactory(name="Convenio con el Fondo", url="https://fondo.example/convenio")
    order = open_order(buyer, priced_material, licence=licence)
    assert not access.check(buyer, priced_material).allowed

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(order))

    access.forget(buyer)
    assert access.check(buyer, priced_material).allowed
    receipt = mail.outbox[0]
    assert receipt.to == [buyer.email]
    file = priced_material.files.get()
    text, (html, _mime) = receipt.body, receipt.alternatives[0]
    for part in (text, html):
        assert "Manual de costos" in part and "USD 12.50" in part and order.reference in part
        assert "Convenio con el Fondo" in part and "https://fondo.example/convenio" in part
        # Absolute links, in the buyer's language.
        assert f"http://testserver/en/download/{file.pk}/" in part
        assert "http://testserver/en/account/purchases/" in part


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [{"amount_total": 100}, {"currency": "eur"}],
    ids=["amount", "currency"],
)
def test_a_payment_that_does_not_match_the_order_is_flagged_and_grants_nothing(
    client, buyer, priced_material, changes, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, completed(order, **changes)).status_code == 200

    order.refresh_from_db()
    assert (
        order.status == Order.Status.FLAGGED and "12,50 USD" in order.flag_reason
    )  # as Spanish writes it, like every amount
    assert not Entitlement.objects.exists() and not mail.outbox
    access.forget(buyer)
    assert not access.check(buyer, priced_material).allowed


@pytest.mark.django_db
def test_a_delayed_payment_is_granted_only_when_it_succeeds(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(order, payment_status="unpaid"))
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not Entitlement.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("checkout.session.async_payment_succeeded", session_for(order)))

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_delayed_payment_that_fails_closes_the_order_unpaid(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    deliver(client, completed(order, payment_status="unpaid"))
    deliver(
        client, event("checkout.session.async_payment_failed", session_for(order, payment_status="unpaid"))
    )
    order.refresh_from_db()
    assert order.status == Order.Status.FAILED and not Entitlement.objects.exists()


@pytest.mark.django_db
def test_an_expired_checkout_closes_the_order_and_a_late_expiry_changes_nothing(
    client, buyer, priced_material
):
    order = open_order(buyer, priced_material)
    deliver(
        client,
        event("checkout.session.expired", session_for(order, status="expired", payment_status="unpaid")),
    )
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED

    paid = open_order(buyer, priced_material)
    deliver(client, completed(paid))
    deliver(
        client,
        event("checkout.session.expired", session_for(paid, status="expired", payment_status="unpaid")),
    )
    paid.refresh_from_db()
    assert paid.status == Order.Status.PAID


@pytest.mark.django_db
def test_a_grant_already_held_is_kept_and_the_purchase_still_recorded(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    from courses.access import services as courses_services

    courses_services.entitlement_grant(user=buyer, item=priced_material, by=None)
    order = open_order(buyer, priced_material)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(order))
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_webhook_and_the_success_page_settle_the_same_payment_once(
    client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    """Whichever arrives first grants; the other finds the order paid (one after the other here; at the
    same moment on PostgreSQL below)."""
    client.force_login(buyer)
    client.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)
    completed_event = next(e["event"] for e in standin.events if e["type"] == "checkout.session.completed")

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    with django_capture_on_commit_callbacks(execute=True):
        hook = deliver(Client(), completed_event)

    assert page.status_code == 200 and hook.status_code == 200
    assert Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_webhook_and_the_success_page_at_the_same_moment_grant_once(
    tree, buyer, priced_material, standin
):
    browser, other_tab = Client(), Client()
    browser.force_login(buyer)
    other_tab.force_login(buyer)
    browser.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)
    completed_event = next(e["event"] for e in standin.events if e["type"] == "checkout.session.completed")
    success = f"/es/payments/success/?session_id={order.stripe_session_id}"

    statuses = in_threads(
        lambda: deliver(Client(), completed_event).status_code,
        lambda: browser.get(success).status_code,
        lambda: deliver(Client(), completed_event).status_code,
        lambda: other_tab.get(success).status_code,
    )

    assert statuses == [200, 200, 200, 200]
    assert Entitlement.objects.filter(user=buyer).count() == 1
    assert len(mail.outbox) == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
