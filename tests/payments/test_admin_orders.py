"""Orders in the admin for coordinators: the listing and its filters, an order's page with Stripe's events,
its refunds, the access it gave and the audit log, refunds through the real admin form against the Stripe
stand-in, and what nobody may do (editors: anything; anyone: add, edit or delete an order)."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from courses.access import policy as access
from courses.models import Entitlement
from payments import fulfilment
from payments.models import Order, Refund
from portal.models import AccessRequest, User
from portal.roles import COORDINATORS, EDITORS

from .. import factories
from .helpers import deliver, event, in_threads, open_order, postgresql_only, session_for

HOME = "/admin/"


def staff(group, email):
    user = factories.UserFactory(email=email, full_name=email.split("@")[0].title())
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks English to this user: messages read as below
    profile.save()
    return user


@pytest.fixture
def coordinator(db):
    return staff(COORDINATORS, "coordinacion@clase.example")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def url(name, *args, **query):
    address = reverse(f"orders:{name}", args=args)
    return f"{address}?{'&'.join(f'{key}={value}' for key, value in query.items())}" if query else address


def paid(buyer, item, *, when=None, **fields) -> Order:
    """An order paid as the webhook settles it (the item granted), on the day given."""
    order = open_order(buyer, item, **fields)
    fulfilment.fulfil(session=session_for(order))
    if when is not None:
        Order.objects.filter(pk=order.pk).update(created_at=when, paid_at=when)
    return Order.objects.get(pk=order.pk)


def external(email, country):
    user = factories.UserFactory(email=email)
    AccessRequest.objects.create(
        user=user,
        organisation="ONG",
        country=country,
        role="Técnica",
        purpose="Formar",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
    )
    return user


def listed(client, **query) -> list[str]:
    response = client.get(url("index", **query))
    assert response.status_code == 200
    return sorted(order.reference for order in response.context["object_list"])


def refused() -> str:
    """Wagtail's message to a user without the permission (written in the site's default language: the
    refusal comes before the admin switches to the user's own)."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(translation.gettext("Sorry, you do not have permission to access this area."))


def opens(user, item) -> bool:
    access.forget(user)
    return access.check(user, item).allowed


# --- the listing ----------------------------------------------------------------------------------------


@pytest.fixture
def shop(tree, locales, buyer, priced_material):
    """Orders of three buyers (Ecuador, Perú, and a member in Bolivia) for two items credited to two
    contributors, one bought in its English version too; paid, under review, refunded and open."""
    fund = factories.ContributorFactory(name="Fondo Solidario")
    university = factories.ContributorFactory(name="Universidad Andina")
    factories.credit(priced_material, fund)
    course = factories.CoursePageFactory(
        parent=tree.courses, title="Curso de exportación", access_level="authorised", price=Decimal("40.00")
    )
    factories.credit(course, university)
    english = priced_material.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()

    peru = external("pablo@ong.example", "PE")
    member = factories.MembershipFactory(
        user=factories.UserFactory(email="socia@coop.example"),
        organisation=factories.OrganisationFactory(name="Cooperativa del Altiplano", country="BO"),
    ).user
    AccessRequest.objects.create(  # asked before joining: the organisation's country wins
        user=member, organisation="x", country="CL", role="x", purpose="x", accepted_terms=True
    )
    zone = timezone.get_current_timezone()
    orders = {
        "ana_manual": paid(buyer, priced_material, when=datetime.datetime(2026, 3, 10, 12, tzinfo=zone)),
        "ana_course": paid(buyer, course, when=datetime.datetime(2026, 5, 2, 12, tzinfo=zone)),
        "pablo_english": paid(peru, english.specific, when=datetime.datetime(2026, 4, 1, 12, tzinfo=zone)),
        "socia_course": paid(member, course, when=datetime.datetime(2026, 4, 20, 12, tzinfo=zone)),
        "pablo_course": open_order(peru, course),
    }
    flagged = open_order(factories.UserFactory(email="raro@ong.example"), priced_material)
    fulfilment.fulfil(session=session_for(flagged, amount_total=100))  # paid 1.00 for a 12.50 order
    orders["flagged"] = Order.objects.get(pk=flagged.pk)
    Order.objects.filter(pk=orders["socia_course"].pk).update(
        status=Order.Status.REFUNDED, amount_refunded=Decimal("40.00")
    )
    return {"orders": orders, "fund": fund, "university": university, "course": course, "english": english}


def refs(shop, *names) -> list[str]:
    return sorted(shop["orders"][name].reference for name in names)


@pytest.mark.django_db
def test_coordinators_see_every_order_with_those_under_review_marked(coordinator_client, shop):
    # A paid order for which a second payment arrived: still paid, but someone must refund that payment.
    noted = shop["orders"]["ana_course"]
    Order.objects.filter(pk=noted.pk).update(flag_reason="A second payment (pi_x) arrived for this order.")

    response = coordinator_client.get(url("index"))

    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 6
    flagged = shop["orders"]["flagged"]
    assert flagged.status == Order.Status.FLAGGED
    marked = [row for row in html.split("<tr") if row.startswith(' class="order-row--flagged"')]
    assert len(marked) == 2
    assert flagged.reference in marked[0] + marked[1] and noted.reference in marked[0] + marked[1]
    assert 'title="A second payment (pi_x) arrived for this order."' in html
    assert "order-status--flagged" in html and "Under review" in html
    assert "USD 12.50" in html
    assert "raro@ong.example" in html and "Manual de costos" in html
    # Read-only: nothing offers to add one.
    assert url("add") not in html


@pytest.mark.django_db
def test_the_listing_filters(coordinator_client, shop):
    everything = refs(shop, *shop["orders"])
    assert listed(coordinator_client) == everything

    assert listed(coordinator_client, status="flagged") == refs(shop, "flagged")
    assert listed(coordinator_client, status="refunded") == refs(shop, "socia_course")
    assert listed(coordinator_client, created_at_from="2026-04-01", created_at_to="2026-04-30") == refs(
        shop, "pablo_english", "socia_course"
    )
    # An item in any of its languages.
    manual = shop["orders"]["ana_manual"].item
    assert listed(coordinator_client, item=manual.translation_key) == refs(
        shop, "ana_manual", "pablo_english", "flagged"
    )
    assert listed(coordinator_client, contributor=shop["university"].pk) == refs(
        shop, "ana_course", "socia_course", "pablo_course"
    )
    assert listed(coordinator_client, contributor=shop["fund"].pk) == refs(
        shop, "ana_manual", "pablo_english", "flagged"
    )
    assert listed(coordinator_client, country="EC") == refs(shop, "ana_manual", "ana_course")
    assert listed(coordinator_client, country="PE") == refs(shop, "pablo_english", "pablo_course")
    assert listed(coordinator_client, country="BO") == refs(shop, "socia_course")
    assert listed(coordinator_client, country="CL") == everything  # not a choice: the filter is ignored

    reference = shop["orders"]["pablo_english"].reference
    assert listed(coordinator_client, q=reference.lower()) == [reference]
    assert listed(coordinator_client, q="pablo@ong") == refs(shop, "pablo_english", "pablo_course")
    assert listed(coordinator_client, status="paid", country="EC", contributor=shop["university"].pk) == refs(
        shop, "ana_course"
    )

    form = coordinator_client.get(url("index")).context["filters"].form
    with translation.override("es"):  # the countries by name, in the reader's language
        assert [label for _value, label in form.fields["country"].choices][1:] == [
            "Bolivia",
            "Ecuador",
            "Perú",
        ]
    items = [label for _value, label in form.fields["item"].choices][1:]
    assert items == ["Curso de exportación", "Manual de costos"]  # each item once, in Spanish


@pytest.mark.django_db
def test_the_listing_costs_the_same_number_of_queries_for_3_and_30_orders(coordinator_client, tree):
    def grow(count):
        for _number in range(count):
            item = factories.MaterialPageFactory(
                parent=tree.materials, access_level="authorised", price=Decimal("5.00"), currency="usd"
            )
            factories.credit(item, factories.ContributorFactory())
            paid(
                external(f"{factories.UserFactory().pk}@ong.example", ("PE", "BO", "EC", "MX")[_number % 4]),
                item,
            )

    def queries():
        coordinator_client.get(url("index"))  # the first request of a session fills per-process caches
        with CaptureQueriesContext(connection) as context:
            response = coordinator_client.get(url("index"))
        assert response.status_code == 200
        return len(context.captured_queries), len(response.context["object_list"])

    grow(3)
    small, shown = queries()
    assert shown == 3
    grow(27)
    assert queries() == (small, 30)


# --- who may do what --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_get_none_of_the_order_screens(client, buyer, priced_material, shop):
    order = shop["orders"]["ana_manual"]
    client.force_login(staff(EDITORS, "editora@clase.example"))

    for address in [
        url("index"),
        url("inspect", order.pk),
        url("refund", order.pk),
        url("index", export="csv"),
        reverse("sales_reports:report"),
        reverse("sales_reports:report") + "?export=csv",
    ]:
        response = client.get(address)
        assert response.status_code == 302 and response["Location"] == HOME, address
    response = client.post(url("refund", order.pk), {"amount": "", "reason": "x"}, follow=True)
    assert response.redirect_chain[0] == (HOME, 302)
    assert refused() in response.content.decode()

    order.refresh_from_db()
    assert order.status == Order.Status.PAID and not Refund.objects.exists()
    dashboard = client.get(HOME).content.decode()
    assert url("index") not in dashboard and reverse("sales_reports:report") not in dashboard


@pytest.mark.django_db
def test_reading_orders_is_not_refunding_them(client, shop):
    """The refund needs its own permission (payments.refund_order), which coordinators have."""
    order = shop["orders"]["ana_manual"]
    reader = factories.UserFactory(email="contable@clase.example")
    group = Group.objects.create(name="Accounts")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_order")
    )
    reader.groups.add(group)
    client.force_login(reader)

    page = client.get(url("inspect", order.pk))
    assert page.status_code == 200 and url("refund", order.pk) not in page.content.decode()
    assert client.get(url("refund", order.pk))["Location"] == HOME
    assert client.post(url("refund", order.pk), {"amount": ""})["Location"] == HOME
    assert not Refund.objects.exists()


@pytest.mark.django_db
def test_orders_are_never_added_edited_or_deleted_in_the_admin(client, coordinator_client, shop):
    order = shop["orders"]["ana_manual"]
    superuser = User.objects.create_superuser(email="root@clase.example", password="x")  # noqa: S106
    for user_client in (coordinator_client, Client()):
        if user_client is not coordinator_client:
            user_client.force_login(superuser)
        assert user_client.get(url("add"))["Location"] == HOME
        assert user_client.post(url("add"), {"amount": "1"})["Location"] == HOME
        assert user_client.get(url("edit", order.pk))["Location"] == url("inspect", order.pk)
        assert user_client.post(url("edit", order.pk), {"amount": "1.00"})["Location"] == url(
            "inspect", order.pk
        )
        assert user_client.get(url("delete", order.pk))["Location"] == HOME
        assert user_client.post(url("delete", order.pk))["Location"] == HOME
        assert user_client.get(url("history", order.pk))["Location"] == HOME
        page = user_client.get(url("inspect", order.pk)).content.decode()
        assert url("edit", order.pk) not in page and url("delete", order.pk) not in page

    order.refresh_from_db()
    assert order.amount == Decimal("12.50") and Order.objects.count() == 6


# --- an order's page and refunds -------------------------------------------------------------------------


@pytest.fixture
def paid_order(buyer, priced_material, standin, django_capture_on_commit_callbacks):
    """An order bought through the stand-in; the webhook's checkout.session.completed settles it."""
    shopper = Client()
    shopper.force_login(buyer)
    shopper.post(f"/es/payments/buy/{priced_material.pk}/")
    order = Order.objects.get()
    standin.complete_session(order.stripe_session_id, send=False)
    with django_capture_on_commit_callbacks(execute=True):
        for record in standin.events:
            assert deliver(Client(), record["event"]).status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and opens(buyer, priced_material)
    return order


def deliver_new_events(standin, already: int) -> None:
    """Deliver what the stand-in sent after a refund (no live server here: the test delivers them)."""
    standin.wait_idle()
    for record in standin.events[already:]:
        assert deliver(Client(), record["event"]).status_code == 200


def refund(client, order, **data):
    """The refund form sent and confirmed (the confirmation: test_refund_confirmation.py)."""
    form = {"amount": "", "reason": "", "confirmed": "1", **data}
    inspect = url("inspect", order.pk)
    return client.post(url("refund", order.pk, next=inspect), form, follow=True)


@pytest.mark.django_db
def test_an_orders_page_shows_its_stripe_events_refunds_access_and_log(
    coordinator_client, coordinator, paid_order, standin, buyer, priced_material
):
    other = paid(factories.UserFactory(), priced_material)  # its events are not this order's
    deliver(Client(), event("checkout.session.completed", session_for(other), "evt_other"))

    page = coordinator_client.get(url("inspect", paid_order.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert paid_order.reference in html and "Ana Compradora" in html and "Ecuador" in html
    assert "checkout.session.completed" in html and "evt_other" not in html
    assert f'<form action="{url("refund", paid_order.pk)}?next=' in html  # the refund form, on the page
    assert "In force since" in html and "None." in html  # access in force; no refunds yet

    already = len(standin.events)
    refund(coordinator_client, paid_order, amount="2.50", reason="Archivo dañado")
    deliver_new_events(standin, already)

    html = coordinator_client.get(url("inspect", paid_order.pk)).content.decode()
    assert {"charge.refunded", "refund.created"} <= {record["type"] for record in standin.events[already:]}
    assert "charge.refunded" in html and "refund.created" in html
    assert "Archivo dañado" in html and "succeeded" in html and "Coordinacion" in html
    assert f"Refunded USD 2.50 of order {paid_order.reference}" in html  # the audit log
    assert "Partially refunded" in html and "USD 2.50" in html
    assert "In force since" in html  # a partial refund keeps access


@pytest.mark.django_db
def test_a_full_refund_from_the_admin_gives_everything_back_and_withdraws_access(
    coordinator_client, coordinator, paid_order, buyer, priced_material, standin
):
    response = refund(coordinator_client, paid_order, reason="Compra duplicada")

    html = response.content.decode()
    assert response.redirect_chain == [(url("inspect", paid_order.pk), 302)]
    assert (
        f"Refunded USD 12.50: order {paid_order.reference} is fully refunded and the buyer no longer has "
        "access to “Manual de costos”."
    ) in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.REFUNDED and paid_order.amount_refunded == Decimal("12.50")
    assert not opens(buyer, priced_material)
    assert Refund.objects.get().created_by == coordinator
    assert ModelLogEntry.objects.get(action="payments.order.refund").data["reason"] == "Compra duplicada"
    assert "Withdrawn on" in html and url("refund", paid_order.pk) not in html  # nothing left to refund


@pytest.mark.django_db
def test_a_partial_refund_keeps_access_unless_the_box_is_ticked(
    coordinator_client, paid_order, buyer, priced_material, standin
):
    response = refund(coordinator_client, paid_order, amount="2,50")  # a decimal comma, in any language

    assert "the buyer keeps access to" in response.content.decode()
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PARTIALLY_REFUNDED and paid_order.amount_refunded == Decimal(
        "2.50"
    )
    assert opens(buyer, priced_material)

    response = refund(coordinator_client, paid_order, amount="1.00", revoke="on", reason="Acordado")

    assert "the buyer no longer has access to" in response.content.decode()
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PARTIALLY_REFUNDED and paid_order.amount_refunded == Decimal(
        "3.50"
    )
    assert not opens(buyer, priced_material)
    assert Entitlement.objects.get().revoked_at is not None
    assert sorted(Refund.objects.values_list("amount", flat=True)) == [Decimal("1.00"), Decimal("2.50")]


@pytest.mark.django_db
def test_stripe_unreachable_during_a_refund_says_so_and_changes_nothing(
    coordinator_client, paid_order, buyer, priced_material, stripe_down
):
    response = refund(coordinator_client, paid_order, reason="Intento")

    html = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain == []
    assert "Stripe could not be reached: nothing was refunded. Try again later." in html
    assert "Intento</textarea>" in html  # the form again, with what was typed
    paid_order.refresh_from_db()
    assert paid_order.status == Order.Status.PAID and paid_order.amount_refunded == 0
    assert opens(buyer, priced_material)
    assert not Refund.objects.exists() and not ModelLogEntry.objects.filter(action="payments.order.refund")


@pytest.mark.django_db
def test_more_than_is_left_is_not_refunded(coordinator_client, paid_order, standin):
    response = refund(coordinator_client, paid_order, amount="12.51")

    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was refunded: see the form below." in html
    assert "Ensure this value is less than or equal to 12.50." in html
    assert not Refund.objects.exists() and not standin.state.refunds


@pytest.mark.django_db
def test_an_order_that_was_not_paid_offers_no_refund(coordinator_client, buyer, priced_material):
    order = open_order(buyer, priced_material)

    assert url("refund", order.pk) not in coordinator_client.get(url("inspect", order.pk)).content.decode()
    response = coordinator_client.get(url("refund", order.pk), follow=True)
    assert response.redirect_chain == [(url("inspect", order.pk), 302)]
    assert f"Order {order.reference} cannot be refunded: Waiting for payment." in response.content.decode()
    response = refund(coordinator_client, order)
    assert "Only a paid order can be refunded." in response.content.decode()


@pytest.mark.django_db
def test_an_order_under_review_says_why_on_its_page(coordinator_client, shop):
    flagged = shop["orders"]["flagged"]

    html = coordinator_client.get(url("inspect", flagged.pk)).content.decode()

    assert "This order is under review" in html and escape(flagged.flag_reason) in html
    assert f'<form action="{url("refund", flagged.pk)}?next=' in html  # what did arrive can be given back


@pytest.mark.django_db
def test_the_same_refund_form_sent_twice_refunds_once(coordinator_client, paid_order, standin):
    page = coordinator_client.get(url("inspect", paid_order.pk)).content.decode()
    assert 'name="seen_refunded" value="0.00"' in page  # what the coordinator saw: nothing refunded yet

    first = refund(coordinator_client, paid_order, amount="2.50", seen_refunded="0.00")
    second = refund(coordinator_client, paid_order, amount="2.50", seen_refunded="0.00")  # a double click

    assert "the buyer keeps access to" in first.content.decode()
    assert second.redirect_chain == []
    assert (
        f"Order {paid_order.reference} has changed since this form was shown: USD 2.50 has been refunded "
        "by now. Nothing more was refunded"
    ) in second.content.decode()
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == Decimal("2.50") and Refund.objects.count() == 1
    assert len(standin.state.refunds) == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_submits_of_the_same_form_at_the_same_moment_refund_once(paid_order, standin):
    coordinator = staff(COORDINATORS, "coordinacion@clase.example")

    def submit():
        client = Client()
        client.force_login(coordinator)
        return bool(refund(client, paid_order, amount="2.50", seen_refunded="0.00").redirect_chain)

    assert sorted(in_threads(submit, submit)) == [False, True]  # one refunded, the other was refused
    paid_order.refresh_from_db()
    assert paid_order.amount_refunded == Decimal("2.50") and Refund.objects.count() == 1
    assert len(standin.state.refunds) == 1
