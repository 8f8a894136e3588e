"""A refund from an order's page is asked, then confirmed: the confirmation states the amount and what
happens to the buyer's access; nothing is refunded before. Once the refund is done at Stripe, the buyer is
told by e-mail, once, in their language: the amount, and whether they keep the item."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils.html import escape

from payments.models import Order, Refund

from .helpers import deliver, event
from .test_admin_orders import (
    coordinator,
    coordinator_client,
    deliver_new_events,
    opens,
    paid_order,
    refund,
    url,
)

__all__ = ["coordinator", "coordinator_client", "paid_order"]  # fixtures


def ask(client, order, **data):
    """The refund form sent from the order's page, not confirmed yet."""
    form = {"amount": "", "reason": "", **data}
    return client.post(url("refund", order.pk, next=url("inspect", order.pk)), form)


@pytest.mark.django_db
def test_a_full_refund_is_confirmed_first_with_its_amount_and_the_loss_of_access(
    coordinator_client, paid_order, buyer, priced_material, standin
):
    response = ask(coordinator_client, paid_order, reason="Compra duplicada")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm the refund" in html
    assert "Refund USD 12.50 to Ana Compradora" in html
    assert escape("The buyer loses access to “Manual de costos”.") in html
    assert "The buyer is told by e-mail." in html
    # Nothing happened yet: no money moved, the buyer still opens the item.
    assert not standin.state.refunds and not Refund.objects.exists() and opens(buyer, priced_material)
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID

    # The confirmation carries what was typed; confirming refunds.
    assert 'name="confirmed" value="1"' in html and 'value="Compra duplicada"' in html
    response = coordinator_client.post(
        url("refund", paid_order.pk, next=url("inspect", paid_order.pk)),
        {"amount": "", "reason": "Compra duplicada", "confirmed": "1", "seen_refunded": "0.00"},
        follow=True,
    )
    assert response.redirect_chain == [(url("inspect", paid_order.pk), 302)]
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.REFUNDED and not opens(buyer, priced_material)


@pytest.mark.django_db
def test_a_partial_refund_confirmation_says_whether_the_buyer_keeps_the_item(coordinator_client, paid_order):
    kept = ask(coordinator_client, paid_order, amount="2,50").content.decode()
    withdrawn = ask(coordinator_client, paid_order, amount="2.50", revoke="on").content.decode()

    assert "Refund USD 2.50 to Ana Compradora" in kept
    assert escape("The buyer keeps access to “Manual de costos”.") in kept
    assert escape("The buyer loses access to “Manual de costos”.") in withdrawn
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_the_buyer_is_told_once_in_their_language_when_the_refund_is_done(
    coordinator_client, paid_order, buyer, standin, django_capture_on_commit_callbacks
):
    buyer.language = "pt"
    buyer.save()
    mail.outbox.clear()
    already = len(standin.events)

    with django_capture_on_commit_callbacks(execute=True):
        refund(coordinator_client, paid_order, reason="Compra duplicada")
    with django_capture_on_commit_callbacks(execute=True):
        deliver_new_events(standin, already)  # refund.created and charge.refunded, after the refund
        deliver_new_events(standin, already)  # and Stripe repeats them

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [buyer.email]
    assert message.subject == f"Seu reembolso do Cla@se: pedido {paid_order.reference}"
    assert "Reembolsamos USD 12,50" in message.body and "Manual de costos" in message.body
    assert "Você não tem mais acesso a “Manual de costos”." in message.body
    assert "Compra duplicada" not in message.body  # the reason is for the record, not for the buyer
    assert Refund.objects.get().buyer_notified_at is not None


@pytest.mark.django_db
def test_after_a_partial_refund_the_buyer_reads_that_they_keep_the_item(
    coordinator_client, paid_order, buyer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        refund(coordinator_client, paid_order, amount="2.50")

    (message,) = mail.outbox
    assert message.subject == f"Su reembolso de Cla@se: pedido {paid_order.reference}"
    assert "Le reembolsamos 2,50 USD" in message.body
    assert "Usted conserva el acceso a “Manual de costos”." in message.body


@pytest.mark.django_db
def test_no_email_when_the_refund_did_not_go_through_or_is_still_pending(
    coordinator_client, paid_order, buyer, stripe_down, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = refund(coordinator_client, paid_order)
    assert "Stripe could not be reached" in response.content.decode()
    assert mail.outbox == []

    # A refund made in Stripe's dashboard, pending at first: the buyer is told once it has succeeded.
    pending = {
        "id": "re_dashboard",
        "object": "refund",
        "amount": 500,
        "currency": "usd",
        "payment_intent": paid_order.payment_intent_id,
        "metadata": {},
        "status": "pending",
    }
    with django_capture_on_commit_callbacks(execute=True):
        deliver(Client(), event("refund.created", pending))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        deliver(Client(), event("refund.updated", {**pending, "status": "succeeded"}))
    (message,) = mail.outbox
    assert "Le reembolsamos 5,00 USD" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        deliver(Client(), event("refund.failed", {**pending, "status": "failed"}))
    # Never announced as done again. What the buyer (and the coordinators) are told of a refund that
    # failed is in test_refund_failures.py.
    assert [notice.body for notice in mail.outbox].count(message.body) == 1
    assert [m.subject for m in mail.outbox if "Le reembolsamos" in m.body] == [message.subject]
    assert Refund.objects.get().amount == Decimal("5.00")
