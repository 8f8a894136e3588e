"""Chargebacks (Stripe's 4000 0000 0000 0259 card, through the stand-in and the real SDK): a disputed order
loses its access and its revenue, the coordinators are told by when Stripe needs the evidence; won, both
come back; lost, neither does, and no report counts the money."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.reports.contributors import contributor_report
from courses.reports.period import Period
from payments import refunds, reports
from payments.models import Dispute, Order
from portal.roles import COORDINATORS

from .. import factories
from .helpers import deliver

DISPUTED = "4000000000000259"
OPENING = ("charge.dispute.created", "charge.dispute.funds_withdrawn")


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


def events_of(standin, *types):
    return [record["event"] for record in standin.events if record["type"] in types]


def deliver_all(events, capture):
    with capture(execute=True):
        for stripe_event in events:
            assert deliver(Client(), stripe_event).status_code == 200


def this_year() -> Period:
    today = timezone.localdate()
    return Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))


@pytest.fixture
def coordinator(db):
    """A coordinator reading Portuguese: the alert comes in their language."""
    user = factories.UserFactory(is_staff=True, is_superuser=True, language="pt", full_name="Paula Coord")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def disputed_order(
    buyer_client, buyer, priced_material, standin, coordinator, django_capture_on_commit_callbacks
):
    """An order paid with the card that Stripe's bank disputes, confirmed as a buyer would (success page);
    the dispute's events have not reached the portal yet."""
    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False, card=DISPUTED)
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)
    mail.outbox.clear()  # the receipt
    return order


def open_dispute(standin, capture) -> Dispute:
    deliver_all(events_of(standin, *OPENING), capture)
    return Dispute.objects.get()


@pytest.mark.django_db
def test_a_dispute_withdraws_the_item_and_the_revenue_and_tells_the_coordinators_by_when(
    disputed_order, buyer, priced_material, standin, coordinator, django_capture_on_commit_callbacks
):
    assert reports.sales_report(this_year()).totals["usd"].net == Decimal("12.50")

    dispute = open_dispute(standin, django_capture_on_commit_callbacks)

    disputed_order.refresh_from_db()
    assert disputed_order.status == Order.Status.DISPUTED
    assert not opens(buyer, priced_material)
    assert dispute.amount == Decimal("12.50") and dispute.reason == "fraudulent"
    assert dispute.status == "needs_response" and dispute.withdrew_access
    assert dispute.funds_withdrawn_at is not None
    due = dispute.evidence_due_by - timezone.now()
    assert datetime.timedelta(days=6) < due <= datetime.timedelta(days=7)
    # The money is held by the bank: no sale, no share due; the report says how much is in dispute.
    report = reports.sales_report(this_year())
    assert report.totals == {} and report.disputed["usd"].net == Decimal("12.50")
    assert reports.revenue(frozenset({priced_material.translation_key}), this_year()) == []
    # The contributor's report counts no revenue and no share, and says how much is held back.
    contributor = factories.ContributorFactory(name="Fondo Solidario")
    factories.credit(priced_material, contributor)
    report = contributor_report(contributor, this_year())
    assert report.revenue == {} and report.share == {} and report.held_back == {"usd": Decimal("12.50")}
    # The coordinators are told once, in their language, with the date and the dispute in Stripe's Dashboard.
    [alert] = mail.outbox
    assert alert.to == [coordinator.email] and disputed_order.reference in alert.subject
    assert "contestado" in alert.subject  # Portuguese: "Um pagamento foi contestado"
    assert f"dashboard.stripe.com/test/disputes/{dispute.stripe_id}" in alert.body
    assert str(dispute.evidence_due_by.astimezone(timezone.get_current_timezone()).year) in alert.body
    deliver_all(events_of(standin, *OPENING), django_capture_on_commit_callbacks)  # Stripe delivers again
    assert len(mail.outbox) == 1
    assert ModelLogEntry.objects.filter(action="payments.order.dispute_opened").count() == 1


@pytest.mark.django_db
def test_a_dispute_won_gives_back_the_item_and_the_revenue(
    disputed_order, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    dispute = open_dispute(standin, django_capture_on_commit_callbacks)

    standin.close_dispute(dispute.stripe_id, won=True, send=False)
    deliver_all(
        events_of(standin, "charge.dispute.funds_reinstated", "charge.dispute.closed"),
        django_capture_on_commit_callbacks,
    )

    disputed_order.refresh_from_db()
    dispute.refresh_from_db()
    assert (disputed_order.status, dispute.status) == (Order.Status.PAID, "won")
    assert dispute.funds_reinstated_at is not None and dispute.closed_at is not None
    assert opens(buyer, priced_material)
    assert reports.sales_report(this_year()).totals["usd"].net == Decimal("12.50")
    assert reports.sales_report(this_year()).disputed == {}
    closed = ModelLogEntry.objects.get(action="payments.order.dispute_closed")
    assert closed.data["access_back"] is True


@pytest.mark.django_db
def test_a_dispute_lost_keeps_the_item_withdrawn_and_the_money_out_of_every_report(
    disputed_order, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    dispute = open_dispute(standin, django_capture_on_commit_callbacks)

    standin.close_dispute(dispute.stripe_id, won=False, send=False)
    deliver_all(events_of(standin, "charge.dispute.closed"), django_capture_on_commit_callbacks)

    disputed_order.refresh_from_db()
    assert disputed_order.status == Order.Status.CHARGED_BACK
    assert not opens(buyer, priced_material)
    report = reports.sales_report(this_year())
    assert report.totals == {} and report.disputed == {}
    assert report.charged_back["usd"].net == Decimal("12.50")
    assert reports.revenue(frozenset({priced_material.translation_key}), this_year()) == []
    # A late copy of the opening events changes nothing: a lost dispute is final.
    deliver_all(events_of(standin, *OPENING), django_capture_on_commit_callbacks)
    disputed_order.refresh_from_db()
    assert disputed_order.status == Order.Status.CHARGED_BACK


@pytest.mark.django_db
def test_a_disputed_payment_cannot_be_refunded_and_its_page_says_why_and_links_to_stripe(
    disputed_order, standin, coordinator, django_capture_on_commit_callbacks
):
    dispute = open_dispute(standin, django_capture_on_commit_callbacks)

    with translation.override("es"), pytest.raises(ValidationError, match="disputa"):
        refunds.refund_order(order=disputed_order, by=coordinator)
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("orders:inspect", args=[disputed_order.pk])).content.decode()
    assert f"https://dashboard.stripe.com/test/disputes/{dispute.stripe_id}" in page
    assert 'data-dispute-status="needs_response"' in page
    assert 'id="order-refund-heading"' not in page  # no refund form
    listing = client.get(reverse("orders:index"), {"status": "disputed"}).content.decode()
    assert disputed_order.reference in listing and "order-row--flagged" in listing
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert disputed_order.reference in home and "orders-to-act-on" in home


@pytest.mark.django_db
def test_a_dispute_arriving_before_the_payment_settles_the_order_first_and_withholds_the_item(
    buyer_client, buyer, priced_material, standin, coordinator, django_capture_on_commit_callbacks
):
    """Stripe does not promise the order of events: the dispute can come before `checkout.session.completed`.
    The portal asks Stripe which order the payment was for, settles it, and then withholds it; the late
    checkout event changes nothing."""
    buyer_client.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False, card=DISPUTED)

    deliver_all(events_of(standin, *OPENING), django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED and order.paid_at is not None
    assert not opens(buyer, priced_material)

    deliver_all(events_of(standin, "checkout.session.completed"), django_capture_on_commit_callbacks)
    order.refresh_from_db()
    assert order.status == Order.Status.DISPUTED and not opens(buyer, priced_material)
