"""My purchases: the buyer's orders with their state, price, date, receipt and what to open."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import AccessLevel
from payments.models import Order

from .. import factories
from .helpers import deliver, event, open_order, session_for

PURCHASES = "/es/account/purchases/"


def row(html: str, order: Order) -> str:
    """The part of the page about one order."""
    return html.split(f'id="order-{order.reference}"')[1].split('<li class="order"')[0]


@pytest.fixture
def orders(client, tree, buyer, priced_material, django_capture_on_commit_callbacks):
    course = factories.CoursePageFactory(
        parent=tree.courses,
        title="Curso de exportación",
        access_level=AccessLevel.AUTHORISED,
        price=Decimal("30.00"),
        currency="eur",
    )
    paid = open_order(buyer, priced_material)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("checkout.session.completed", session_for(paid)))
    waiting = open_order(buyer, course)
    abandoned = open_order(buyer, course, status=Order.Status.EXPIRED)
    Order.objects.filter(pk=abandoned.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    paid.refresh_from_db()
    return {"paid": paid, "waiting": waiting, "abandoned": abandoned, "course": course}


@pytest.mark.django_db
def test_my_purchases_lists_my_orders_with_status_amount_date_receipt_and_download(
    buyer_client, priced_material, orders
):
    html = buyer_client.get(PURCHASES).content.decode()

    paid, waiting = orders["paid"], orders["waiting"]
    file = priced_material.files.get()
    paid_row = row(html, paid)
    assert "Manual de costos" in paid_row and "12,50 USD" in paid_row
    assert timezone.localdate().strftime("%Y") in paid_row and paid.reference in paid_row
    assert f'href="/es/account/purchases/{paid.reference}/"' in paid_row  # the receipt
    assert f'href="/es/download/{file.pk}/"' in paid_row and f'href="{priced_material.url}"' in paid_row
    waiting_row = row(html, waiting)
    assert "Curso de exportación" in waiting_row and "30,00 EUR" in waiting_row
    assert "/download/" not in waiting_row
    assert orders["abandoned"].reference not in html  # a checkout left unpaid is not a purchase


@pytest.mark.django_db
def test_my_purchases_shows_only_my_own_orders(client, orders):
    client.force_login(factories.UserFactory())
    html = client.get(PURCHASES).content.decode()
    assert orders["paid"].reference not in html and "Manual de costos" not in html
    assert client.get(f"/es/account/purchases/{orders['paid'].reference}/").status_code == 404


@pytest.mark.django_db
def test_the_receipt_page_shows_what_was_paid(buyer_client, orders):
    paid = orders["paid"]
    response = buyer_client.get(f"/es/account/purchases/{paid.reference}/")
    html = response.content.decode()
    assert response.status_code == 200 and paid.reference in html and "12,50 USD" in html
    assert "no-store" in response["Cache-Control"]
    assert buyer_client.get(f"/es/account/purchases/{orders['waiting'].reference}/").status_code == 404


@pytest.mark.django_db
def test_a_refunded_order_is_listed_without_a_download(client, buyer_client, buyer, orders):
    paid = orders["paid"]
    deliver(
        client,
        event(
            "charge.refunded",
            {
                "id": "ch_test_refund",
                "object": "charge",
                "amount": 1250,
                "amount_refunded": 1250,
                "refunded": True,
                "currency": "usd",
                "payment_intent": paid.payment_intent_id,
                "metadata": {},
            },
        ),
    )
    html = buyer_client.get(PURCHASES).content.decode()
    paid_row = row(html, paid)
    assert "Reembolsado" in paid_row or "Refunded" in paid_row
    assert "/download/" not in paid_row


@pytest.mark.django_db
def test_my_purchases_needs_signing_in_and_the_account_page_links_to_it(buyer_client):
    assert Client().get(PURCHASES)["Location"].startswith("/es/accounts/login/")
    assert f'href="{PURCHASES}"' in buyer_client.get("/es/account/").content.decode()
    assert "no-store" in buyer_client.get(PURCHASES)["Cache-Control"]
