"""Dates, times and money as readers see them: every time in the network's time zone (a site setting) with
the zone named, in the reader's language; one shape per language; the same money on the site and in the
admin; Stripe's statuses in words (portal/network_time.py, portal/time_zones.py, portal/formats/).

One moment, 00:01 UTC on 8 December 2026, reads as 18:01 on the 7th in El Salvador, the default zone, and as
21:01 in Brasília once a coordinator chooses that zone: on the admin's page of an access request, in the
coordinator's e-mail about it, and on the receipt PDF of an order paid at that moment."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from payments.models import Order, Refund
from payments.tasks import email_receipt
from portal.models import AccessRequest, PortalSettings
from portal.tasks import email_request_received

from .. import factories
from ..courses.learning_kit import pdf_text
from ..payments.helpers import open_order

MOMENT = datetime.datetime(2026, 12, 8, 0, 1, tzinfo=datetime.UTC)

READS = {
    ("es", "America/El_Salvador"): "7 de diciembre de 2026, 18:01 (hora de El Salvador)",
    ("pt", "America/El_Salvador"): "7 de dezembro de 2026, 18:01 (horário de El Salvador)",
    ("es", "America/Sao_Paulo"): "7 de diciembre de 2026, 21:01 (hora de Brasilia)",
    ("pt", "America/Sao_Paulo"): "7 de dezembro de 2026, 21:01 (horário de Brasília)",
}


def network_zone(zone: str) -> None:
    """What a coordinator does in the portal's settings."""
    portal_settings = PortalSettings.load()
    portal_settings.time_zone = zone
    portal_settings.save()


def speaking(user, language: str):
    user.language = language
    user.save()
    return user


@pytest.fixture
def access_request(db):
    asked = AccessRequest.objects.create(
        user=factories.UserFactory(full_name="Luis Productor"),
        organisation="Cooperativa Los Nonualcos",
        country="SV",
        role="Técnico",
        purpose="Capacitar a los socios",
        accepted_terms=True,
    )
    AccessRequest.objects.filter(pk=asked.pk).update(created_at=MOMENT)
    return asked


@pytest.fixture
def paid_order(tree):
    item = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de costos", access_level="authorised", price=Decimal("12.50")
    )
    order = open_order(factories.UserFactory(), item)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.PAID, paid_at=MOMENT)
    return order


def admin_page(client, coordinator, access_request) -> str:
    client.force_login(coordinator)
    response = client.get(reverse("access_requests:inspect", args=[access_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def coordinators_email(coordinator, access_request) -> str:
    mail.outbox.clear()
    email_request_received.enqueue(access_request.pk)  # a background task, outside any request
    [email] = [email for email in mail.outbox if email.to == [coordinator.email]]
    return email.body


def receipt_pdf(order, language: str) -> str:
    Order.objects.filter(pk=order.pk).update(receipt_sent_at=None)
    speaking(order.buyer, language)
    mail.outbox.clear()
    email_receipt.enqueue(order.pk)  # a background task: the PDF is drawn there
    [(_name, content, _mimetype)] = mail.outbox[0].attachments
    return pdf_text(content)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
def test_one_moment_reads_the_same_with_its_zone_on_the_admin_page_in_the_email_and_on_the_receipt(
    client, coordinator, access_request, paid_order, language
):
    speaking(coordinator, language)
    expected = READS[(language, "America/El_Salvador")]

    assert expected in admin_page(client, coordinator, access_request)
    assert expected in coordinators_email(coordinator, access_request)
    assert expected in receipt_pdf(paid_order, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "pt"])
def test_choosing_another_zone_changes_the_admin_page_the_email_and_the_receipt(
    client, coordinator, access_request, paid_order, language
):
    speaking(coordinator, language)

    network_zone("America/Sao_Paulo")

    expected = READS[(language, "America/Sao_Paulo")]
    page = admin_page(client, coordinator, access_request)
    assert expected in page
    assert READS[(language, "America/El_Salvador")] not in page
    assert expected in coordinators_email(coordinator, access_request)
    assert expected in receipt_pdf(paid_order, language)


@pytest.mark.django_db
def test_the_zone_is_chosen_in_the_portal_settings_from_the_regions_zones(client, coordinator):
    client.force_login(coordinator)
    address = reverse("wagtailsettings:edit", args=["portal", "portalsettings", PortalSettings.load().pk])

    form = client.get(address).content.decode()
    assert 'value="America/El_Salvador" selected' in form and 'value="America/Lima"' in form
    response = client.post(address, {"usual_decision_days": "5", "time_zone": "America/Lima"})

    assert response.status_code == 302
    assert PortalSettings.load().time_zone == "America/Lima"
    assert coordinator.wagtail_userprofile.__class__.objects.get(user=coordinator).current_time_zone == (
        "America/Lima"  # Wagtail's admin renders in the profile's zone: it follows the network's
    )


@pytest.mark.django_db
def test_the_site_shows_a_buyers_purchase_in_the_network_zone(client, paid_order):
    Order.objects.filter(pk=paid_order.pk).update(created_at=MOMENT)
    client.force_login(speaking(paid_order.buyer, "pt"))
    network_zone("America/Sao_Paulo")

    page = client.get(f"/pt/account/purchases/{paid_order.reference}/").content.decode()

    assert READS[("pt", "America/Sao_Paulo")] in page


@pytest.mark.parametrize(
    ("language", "reads"),
    [
        ("pt", "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"),
        ("es", "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
    ],
)
def test_months_are_written_in_lower_case(language, reads):
    with translation.override(language):
        dates = [date_format(datetime.date(2026, month, 7)) for month in range(1, 13)]

    assert dates == [f"7 de {month} de 2026" for month in reads.split()]


def test_english_dates_name_the_month_first():
    with translation.override("en"):
        assert date_format(datetime.date(2026, 12, 7)) == "December 7, 2026"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "amount"), [("es", "12,50 USD"), ("pt", "USD 12,50"), ("en", "USD 12.50")]
)
def test_the_admin_writes_money_as_the_site_does(client, coordinator, paid_order, language, amount):
    client.force_login(speaking(paid_order.buyer, language))
    site = client.get(f"/{language}/account/purchases/").content.decode()
    client.force_login(speaking(coordinator, language))
    listing = client.get(reverse("orders:index")).content.decode()
    order_page = client.get(reverse("orders:inspect", args=[paid_order.pk])).content.decode()

    for page in (site, listing, order_page):
        assert amount in page


@pytest.mark.django_db
def test_the_order_page_says_where_a_refund_stands_in_words_never_stripes_code(
    client, coordinator, paid_order
):
    Refund.objects.create(
        order=paid_order, stripe_id="re_test_words", amount=Decimal("2.50"), status="succeeded"
    )
    Refund.objects.create(
        order=paid_order, stripe_id="re_test_late", amount=Decimal("1.00"), status="pending"
    )
    client.force_login(speaking(coordinator, "es"))

    page = client.get(reverse("orders:inspect", args=[paid_order.pk])).content.decode()

    assert "<td>reembolso completado</td>" in page and "<td>en curso</td>" in page
    assert "succeeded" not in page and ">pending<" not in page


@pytest.mark.django_db
def test_the_csv_of_requests_has_headings_in_the_readers_language_and_iso_moments_with_their_offset(
    client, coordinator, access_request
):
    client.force_login(speaking(coordinator, "es"))

    response = client.get(reverse("access_requests:list") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert rows[0][0] == "Correo electrónico"
    assert "2026-12-07T18:01:00-06:00" in rows[1]


@pytest.mark.django_db
def test_the_admins_listings_and_record_pages_write_moments_with_their_zone(client, coordinator, paid_order):
    """An order's page and the orders' listing; a grant's page (Wagtail's own inspect pages left the zone
    out, and its listings said "2 hours ago")."""
    from courses.models import Entitlement

    entitlement = Entitlement.objects.create(
        user=paid_order.buyer, page=paid_order.item, source=Entitlement.Source.GRANT, granted_by=coordinator
    )
    Entitlement.objects.filter(pk=entitlement.pk).update(created_at=MOMENT)
    client.force_login(speaking(coordinator, "pt"))

    order_page = client.get(reverse("orders:inspect", args=[paid_order.pk])).content.decode()
    listing = client.get(reverse("orders:index")).content.decode()
    grant_page = client.get(reverse("entitlements:inspect", args=[entitlement.pk])).content.decode()

    assert READS[("pt", "America/El_Salvador")] in order_page  # paid on
    assert "07/12/2026, 18:01 (horário de El Salvador)" in listing
    assert READS[("pt", "America/El_Salvador")] in grant_page
