"""An order outlives its buyer's erased account (portal/privacy/erasure.py, payments/privacy/erasure.py):
the coordinators still list and open it, its receipt still prints who it was billed to as the invoice says,
and a refund made later reaches the accounts without writing to anyone."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from payments import receipt_pdf
from payments.emails import send_receipt, send_refund_notice
from payments.models import Order, Refund
from portal.privacy.erasure import account_erase

from ..courses.organisation_kit import pdf_words
from .helpers import open_order


@pytest.fixture
def erased_order(buyer, priced_material):
    order = open_order(
        buyer,
        priced_material,
        status=Order.Status.PAID,
        paid_at=timezone.now(),
        buyer_name="Ana Compradora",
        buyer_organisation="Fondo Solidario S.A.",
        buyer_tax_ids=[{"type": "ec_ruc", "value": "1790012345001"}],
        buyer_address={"line1": "Av. Amazonas 100", "city": "Quito", "country": "EC"},
        stripe_invoice_id="in_test_erased",
    )
    account_erase(user=buyer)
    order.refresh_from_db()
    return order


@pytest.mark.django_db
def test_coordinators_still_list_and_open_an_order_whose_buyer_is_gone(client, coordinator, erased_order):
    client.force_login(coordinator)

    listing = client.get(reverse("orders:index"))
    page = client.get(reverse("orders:inspect", args=[erased_order.pk]))

    assert listing.status_code == page.status_code == 200
    assert erased_order.reference in listing.content.decode()
    text = page.content.decode()
    assert "Fondo Solidario S.A." in text and "Ana Compradora" not in text


@pytest.mark.django_db
def test_the_receipt_keeps_the_invoice_party_without_the_person(erased_order):
    words = pdf_words(receipt_pdf.render_pdf(erased_order, "es"))

    assert "Fondo Solidario S.A." in words and "1790012345001" in words
    assert "Ana Compradora" not in words


@pytest.mark.django_db
def test_nothing_is_written_to_a_buyer_who_is_gone(erased_order):
    refund = Refund.objects.create(order=erased_order, amount=Decimal("12.50"), stripe_id="re_test_erased")

    send_receipt(erased_order)
    send_refund_notice(refund)

    assert mail.outbox == []
