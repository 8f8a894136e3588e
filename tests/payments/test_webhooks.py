"""The webhook: only Stripe's signed events change anything, each is processed once, failures are retried."""

import json
import time

import pytest
from django.core import mail
from django.test import Client

from courses.access import services as courses_services
from courses.models import Entitlement
from payments.models import Order, StripeEvent

from .helpers import WEBHOOK_URL, deliver, event, in_threads, open_order, postgresql_only, session_for, sign


def completed(order, **changes):
    return event("checkout.session.completed", session_for(order, **changes))


def nothing_changed(order):
    order.refresh_from_db()
    return (
        order.status == Order.Status.PENDING
        and not Entitlement.objects.exists()
        and not StripeEvent.objects.exists()
        and not mail.outbox
    )


@pytest.mark.django_db
def test_a_signed_completed_checkout_grants_the_item_and_sends_one_receipt(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)

    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, completed(order))

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_intent_id == f"pi_test_{order.pk}"
    entitlement = Entitlement.objects.get()
    assert (entitlement.user, entitlement.page_id) == (buyer, priced_material.pk)
    assert (entitlement.source, entitlement.reference) == (Entitlement.Source.PURCHASE, order.reference)
    assert len(mail.outbox) == 1 and order.reference in mail.outbox[0].subject
    assert StripeEvent.objects.get().processed_at is not None


@pytest.mark.django_db
def test_a_forged_signature_is_refused_and_changes_nothing(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    response = deliver(client, completed(order), secret="whsec_someone_else")
    assert response.status_code == 400
    assert nothing_changed(order)


@pytest.mark.django_db
def test_a_body_changed_after_signing_is_refused(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    body = json.dumps(completed(order, amount_total=1))
    header = sign(body)
    tampered = body.replace('"amount_total": 1,', f'"amount_total": {order.amount_minor},')
    assert tampered != body

    response = client.post(
        WEBHOOK_URL, data=tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert nothing_changed(order)


@pytest.mark.django_db
def test_a_replayed_event_signed_long_ago_is_refused(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    response = deliver(client, completed(order), timestamp=int(time.time()) - 600)
    assert response.status_code == 400
    assert nothing_changed(order)


@pytest.mark.django_db
def test_an_unsigned_request_is_refused(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    response = client.post(WEBHOOK_URL, data=json.dumps(completed(order)), content_type="application/json")
    assert response.status_code == 400
    assert client.get(WEBHOOK_URL).status_code == 405
    assert nothing_changed(order)


@pytest.mark.django_db
def test_the_webhook_needs_no_csrf_token_and_no_language_prefix(buyer, priced_material):
    order = open_order(buyer, priced_material)
    response = deliver(Client(enforce_csrf_checks=True), completed(order))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID


@pytest.mark.django_db
def test_the_same_event_twice_grants_once_and_sends_one_receipt(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)

    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, stripe_event)
    with django_capture_on_commit_callbacks(execute=True):
        second = deliver(client, stripe_event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert StripeEvent.objects.count() == 1
    assert Entitlement.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_two_events_for_the_same_payment_grant_once(
    client, buyer, priced_material, django_capture_on_commit_callbacks
):
    """Stripe may send `completed` and `async_payment_succeeded` (or resend with a new id)."""
    order = open_order(buyer, priced_material)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, completed(order))
        deliver(client, event("checkout.session.async_payment_succeeded", session_for(order)))
    assert Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failure_answers_500_keeps_the_error_and_the_retry_processes_it(
    client, buyer, priced_material, monkeypatch, django_capture_on_commit_callbacks
):
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)
    grant = courses_services.entitlement_grant

    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(courses_services, "entitlement_grant", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, stripe_event)

    assert response.status_code == 500
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None and "database hiccup" in stored.error
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING  # the half-done fulfilment was rolled back
    assert not Entitlement.objects.exists() and not mail.outbox

    monkeypatch.setattr(courses_services, "entitlement_grant", grant)
    with django_capture_on_commit_callbacks(execute=True):
        retry = deliver(client, stripe_event)

    assert retry.status_code == 200
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.error == "" and stored.attempts == 2
    assert Entitlement.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_events_the_portal_does_not_use_are_stored_and_acknowledged(client):
    response = deliver(client, event("customer.created", {"id": "cus_1", "object": "customer"}))
    assert response.status_code == 200
    assert StripeEvent.objects.get().type == "customer.created"


@pytest.mark.django_db
def test_a_session_made_elsewhere_on_the_account_is_acknowledged_and_ignored(client, buyer, priced_material):
    order = open_order(buyer, priced_material)
    foreign = session_for(order, id="cs_test_other_app", client_reference_id=None, metadata={})
    assert deliver(client, event("checkout.session.completed", foreign)).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not Entitlement.objects.exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_grants_once_and_sends_one_receipt(
    tree, buyer, priced_material
):
    order = open_order(buyer, priced_material)
    stripe_event = completed(order)

    statuses = in_threads(*[lambda: deliver(Client(), stripe_event).status_code] * 4)

    assert statuses == [200] * 4
    assert StripeEvent.objects.count() == 1
    assert Entitlement.objects.filter(user=buyer).count() == 1
    assert len(mail.outbox) == 1
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.receipt_sent_at is not None


@pytest.mark.django_db
def test_a_session_of_another_integration_with_the_same_client_reference_grants_nothing(
    client, buyer, priced_material
):
    order = open_order(buyer, priced_material)
    other = session_for(order, id="cs_test_other_app", metadata={"order_id": str(order.pk)})
    assert deliver(client, event("checkout.session.completed", other)).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING and not Entitlement.objects.exists()
