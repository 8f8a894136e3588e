"""Checkout: who may buy, the Buy button, the order and its Stripe Checkout Session, the way back.

These speak the real Stripe SDK over HTTP to the local stand-in (payments/standin/), or to a closed port.
"""

import datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from courses.access import policy as access
from courses.access import services as courses_services
from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel, Entitlement
from payments import gateway
from payments.models import Order

from .. import factories
from .helpers import deliver, in_threads, postgresql_only

BUY = "/es/payments/buy/{}/"


def buy(client, item, language="es"):
    return client.post(f"/{language}/payments/buy/{item.pk}/")


def messages_of(client, response) -> str:
    """The page the refusal leads to, with its messages (in the language of the request that refused)."""
    return client.get(response["Location"]).content.decode()


def session_at(standin, session_id: str) -> dict:
    return standin.state.sessions[session_id]


# --- the Buy button ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_authorised_user_sees_the_price_and_a_buy_button_on_the_locked_item(buyer_client, priced_material):
    html = buyer_client.get(priced_material.url).content.decode()
    notice = html.split('class="lock-notice"')[1]
    assert "12,50 USD" in notice
    assert f'<form method="post" action="{BUY.format(priced_material.pk)}"' in notice
    assert 'name="csrfmiddlewaretoken"' in notice and 'type="submit"' in notice


@pytest.mark.django_db
def test_members_see_no_buy_button_and_are_refused_a_checkout(client, member, priced_material):
    client.force_login(member)
    assert "/payments/buy/" not in client.get(priced_material.url).content.decode()

    response = buy(client, priced_material, language="en")

    assert response.status_code == 302 and response["Location"] == priced_material.url
    assert "Members of the network get this item free" in messages_of(client, response)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_an_external_user_not_yet_authorised_is_told_to_ask_for_authorisation(client, user, priced_material):
    client.force_login(user)
    response = buy(client, priced_material)
    assert response["Location"] == priced_material.url
    assert "/es/account/authorisation/" in messages_of(client, response)
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_an_item_already_bought_is_not_sold_again(buyer_client, buyer, priced_material):
    courses_services.entitlement_grant(user=buyer, item=priced_material, by=None)
    response = buy(buyer_client, priced_material, language="en")
    assert "You already have this item" in messages_of(buyer_client, response)
    assert not Order.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"may_be_sold": False}, "its licence does not allow it to be sold"),
        (
            {"agreement_ends": datetime.date(2020, 1, 31)},
            "agreement under which this item was offered has ended",
        ),
    ],
    ids=["licence-forbids-sale", "agreement-ended"],
)
def test_an_item_its_licence_no_longer_lets_us_sell_is_refused(
    buyer_client, priced_material, standin, changes, message
):
    licence = factories.LicenceFactory(widest_level=AccessLevel.AUTHORISED)
    priced_material.licence = licence
    priced_material.save_revision().publish()
    licensing_changes.licence_new_version(licence=licence, changes=changes, by=None)

    response = buy(buyer_client, priced_material, language="en")

    assert response["Location"] == priced_material.url
    assert message in messages_of(buyer_client, response)
    assert not Order.objects.exists() and not standin.state.sessions


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in_and_a_get_buys_nothing(client, buyer_client, priced_material):
    assert Client().post(BUY.format(priced_material.pk))["Location"].startswith("/es/accounts/login/")
    assert buyer_client.get(BUY.format(priced_material.pk)).status_code == 405
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_the_buy_form_is_protected_against_cross_site_requests(buyer, priced_material):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(buyer)
    assert browser.post(BUY.format(priced_material.pk)).status_code == 403
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_terms_to_accept_come_first_then_the_buyer_comes_back_to_buy(
    buyer_client, buyer, priced_material, standin
):
    licence = factories.LicenceFactory(
        widest_level=AccessLevel.AUTHORISED, acceptance_required=True, name="Convenio del Fondo"
    )
    priced_material.licence = licence
    priced_material.save_revision().publish()
    assert (
        "Convenio del Fondo" in buyer_client.get(priced_material.url).content.decode().split("lock-notice")[1]
    )

    response = buy(buyer_client, priced_material)

    assert response.status_code == 302
    assert (
        response["Location"] == f"/es/terms/{priced_material.pk}/?next={quote(priced_material.url, safe='')}"
    )
    assert not Order.objects.exists()

    courses_services.licence_accept(user=buyer, item=priced_material, language="es")
    assert buy(buyer_client, priced_material).status_code == 303
    assert Order.objects.get().licence == licence


# --- the order and its Checkout Session -------------------------------------------------------------------


@pytest.mark.django_db
def test_buying_opens_an_order_at_the_items_price_and_sends_the_buyer_to_stripe(
    buyer_client, buyer, priced_material, standin
):
    response = buy(buyer_client, priced_material, language="pt")

    order = Order.objects.get()
    assert (
        response.status_code == 303 and response["Location"] == f"{standin.url}/pay/{order.stripe_session_id}"
    )
    assert (order.buyer, order.item_id, order.status) == (buyer, priced_material.pk, Order.Status.PENDING)
    assert (order.amount, order.currency, order.item_title) == (Decimal("12.50"), "usd", "Manual de costos")
    session = session_at(standin, order.stripe_session_id)
    assert (session["amount_total"], session["currency"], session["mode"]) == (1250, "usd", "payment")
    assert session["client_reference_id"] == str(order.pk)
    assert session["metadata"] == {"order_id": str(order.pk), "order_reference": order.reference}
    assert session["customer_email"] == buyer.email and session["locale"] == "pt-BR"
    assert session["success_url"] == "http://testserver/pt/payments/success/?session_id={CHECKOUT_SESSION_ID}"
    assert session["cancel_url"] == f"http://testserver/pt/payments/cancel/{order.reference}/"
    line_item = standin.state.extras[order.stripe_session_id].line_items[0]
    assert line_item["description"] == "Manual de costos" and line_item["quantity"] == 1


@pytest.mark.django_db
def test_a_second_click_reuses_the_open_order_and_its_checkout(buyer_client, priced_material, standin):
    first = buy(buyer_client, priced_material)
    second = buy(buyer_client, priced_material)

    assert Order.objects.count() == 1 and len(standin.state.sessions) == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_stripe_unreachable_keeps_the_order_charges_nothing_and_says_so(
    buyer_client, buyer, priced_material, stripe_down, settings, standin_server
):
    response = buy(buyer_client, priced_material, language="en")

    assert response.status_code == 302 and response["Location"] == priced_material.url
    page = messages_of(buyer_client, response)
    order = Order.objects.get()
    assert (
        "Card payment is not available right now, and nothing was charged" in page and order.reference in page
    )
    assert order.status == Order.Status.PENDING and order.stripe_session_id is None and order.paid_at is None
    assert not Entitlement.objects.exists()

    settings.STRIPE_API_BASE = standin_server.url  # Stripe is back: the same order goes on
    assert buy(buyer_client, priced_material).status_code == 303
    assert Order.objects.get().stripe_session_id in standin_server.state.sessions


@pytest.mark.django_db
def test_the_price_of_the_order_holds_when_the_item_price_changes_before_payment(
    buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    buy(buyer_client, priced_material)
    priced_material.price = Decimal("20.00")
    priced_material.save_revision().publish()
    buy(buyer_client, priced_material)  # back to the same checkout
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)

    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.get(f"/es/payments/success/?session_id={order.stripe_session_id}")

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.amount == Decimal("12.50")
    assert standin.state.charges[next(iter(standin.state.charges))]["amount"] == 1250
    assert "12,50 USD" in mail.outbox[0].body


@pytest.mark.django_db
def test_after_the_checkout_expired_a_new_click_makes_a_new_order_and_session(
    buyer_client, priced_material, standin
):
    buy(buyer_client, priced_material)
    first = Order.objects.get()
    gateway.checkout_session_expire(first.stripe_session_id)
    expired = next(e["event"] for e in standin.events if e["type"] == "checkout.session.expired")
    assert deliver(Client(), expired).status_code == 200
    first.refresh_from_db()
    assert first.status == Order.Status.EXPIRED

    response = buy(buyer_client, priced_material)

    second = Order.objects.exclude(pk=first.pk).get()
    assert second.status == Order.Status.PENDING and second.stripe_session_id != first.stripe_session_id
    assert response["Location"].endswith(second.stripe_session_id)


@pytest.mark.django_db
def test_a_checkout_run_out_before_its_expiry_event_arrives_is_replaced(
    buyer_client, priced_material, standin
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    first_session = order.stripe_session_id
    Order.objects.filter(pk=order.pk).update(
        session_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    buy(buyer_client, priced_material)

    order.refresh_from_db()
    assert Order.objects.count() == 1 and order.attempt == 2
    assert order.stripe_session_id != first_session and len(standin.state.sessions) == 2


# --- back from Stripe -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_success_page_confirms_the_payment_and_offers_the_download(
    buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()
    success = f"/es/payments/success/?session_id={order.stripe_session_id}"
    waiting = buyer_client.get(success).content.decode()
    assert '<meta http-equiv="refresh"' in waiting and "/download/" not in waiting

    standin.complete_session(order.stripe_session_id, send=False)  # paid; the webhook is late
    with django_capture_on_commit_callbacks(execute=True):
        response = buyer_client.get(success)

    html = response.content.decode()
    file = priced_material.files.get()
    assert response.status_code == 200 and f'href="/es/download/{file.pk}/"' in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert Entitlement.objects.get().user == buyer and len(mail.outbox) == 1
    assert buyer_client.get(f"/es/download/{file.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_success_page_trusts_only_a_session_of_the_buyers_own_order(
    client, buyer, priced_material, standin
):
    buyer_browser = Client()
    buyer_browser.force_login(buyer)
    buy(buyer_browser, priced_material)
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)
    someone_else = factories.UserFactory()
    client.force_login(someone_else)

    assert client.get(f"/es/payments/success/?session_id={order.stripe_session_id}").status_code == 404
    assert client.get("/es/payments/success/?session_id=cs_test_made_up").status_code == 404
    assert not Entitlement.objects.exists()
    access.forget(someone_else)
    assert not access.check(someone_else, priced_material).allowed


@pytest.mark.django_db
def test_cancelling_on_stripe_returns_to_the_item_and_keeps_the_order_open(
    buyer_client, priced_material, standin
):
    buy(buyer_client, priced_material)
    order = Order.objects.get()

    response = buyer_client.get(f"/en/payments/cancel/{order.reference}/")

    assert response.status_code == 302 and response["Location"] == priced_material.url
    assert "nothing was charged" in messages_of(buyer_client, response)
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING
    assert Client().get(f"/es/payments/cancel/{order.reference}/").status_code == 302  # to log in
    other = Client()
    other.force_login(factories.UserFactory())
    assert other.get(f"/es/payments/cancel/{order.reference}/").status_code == 404


# --- reconciliation ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reconciliation_settles_orders_whose_webhook_never_came(
    tree, buyer_client, buyer, priced_material, standin, django_capture_on_commit_callbacks
):
    course = factories.CoursePageFactory(
        parent=tree.courses,
        access_level=AccessLevel.AUTHORISED,
        price=Decimal("30.00"),
        currency="eur",
    )
    buy(buyer_client, priced_material)
    buy(buyer_client, course)
    paid, abandoned = Order.objects.get(item=priced_material), Order.objects.get(item=course)
    standin.complete_session(paid.stripe_session_id, send=False)
    gateway.checkout_session_expire(abandoned.stripe_session_id)
    fresh = Order.objects.filter(pk__in=[paid.pk, abandoned.pk])

    call_command("reconcile_orders", minutes=30)
    assert set(fresh.values_list("status", flat=True)) == {Order.Status.PENDING}  # too recent to look at

    fresh.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_orders", minutes=30)

    paid.refresh_from_db()
    abandoned.refresh_from_db()
    assert (paid.status, abandoned.status) == (Order.Status.PAID, Order.Status.EXPIRED)
    assert Entitlement.objects.get().page_id == priced_material.pk and len(mail.outbox) == 1


@pytest.mark.django_db
def test_an_open_order_is_reused_from_another_language_version_of_the_item(
    buyer_client, priced_material, locales, standin
):
    english = priced_material.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()

    spanish_click = buy(buyer_client, priced_material)
    english_click = buy(buyer_client, english, language="en")

    assert Order.objects.count() == 1 and spanish_click["Location"] == english_click["Location"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_makes_one_order_and_one_checkout(
    tree, buyer, priced_material, standin
):
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(buyer)

    responses = in_threads(*[lambda browser=browser: buy(browser, priced_material) for browser in browsers])

    assert [response.status_code for response in responses] == [303, 303]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Order.objects.count() == 1 and len(standin.state.sessions) == 1
