"""A person who has touched every corner of the portal, for the account-erasure tests: a member and an
editor, a learner with a certificate, a buyer with an invoiced order and a plain one, a manager who invited
and assigned, someone who wrote to the network, accepted terms and downloaded."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from courses.models import (
    AccessLevel,
    AssignedMember,
    Assignment,
    Certificate,
    DownloadEvent,
    Entitlement,
    KeptUpload,
    LearnerAction,
    LicenceAcceptance,
    ReminderSent,
)
from payments.models import Order, StripeEvent
from portal.models import ContactMessage, Invitation, SignInCard, TermsAcceptance, User

from .. import factories
from ..courses.organisation_kit import complete, course_in, start

NAME = "Zoraida Quispe Mamani"
EMAIL = "zoraida.quispe@cafe-sierra.example"
ORGANISATION = "Cooperativa Café Sierra Nevada"


@dataclass
class Footprint:
    person: User
    course: Page
    certificate: Certificate
    invoiced_order: Order
    plain_order: Order


def person_everywhere(tree, **user) -> Footprint:
    """Build the person and everything that names them, through the models (and the learning services)."""
    user = {"full_name": NAME, "email": EMAIL, **user}
    organisation = factories.OrganisationFactory(name=ORGANISATION, country="CO")
    membership = factories.MembershipFactory(organisation=organisation, manages=True, **_as_user(user))
    person = membership.user
    person.first_name, person.last_name = "Zoraida", "Quispe"
    person.save()
    colleague = factories.MembershipFactory(organisation=organisation, user__full_name="Rosa Colega").user

    course = course_in(tree, title="Gobierno de la cooperativa")
    certificate = complete(person, course)
    start(person, course_in(tree, title="Costos de producción", slug="costos"))
    licence = factories.LicenceFactory()
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Manual de costos",
        access_level=AccessLevel.AUTHORISED,
        price=Decimal("12.50"),
        currency="usd",
    )
    LicenceAcceptance.objects.create(user=person, page=material, licence=licence, language="es")
    DownloadEvent.objects.create(user=person, material=material, audience="member", country="CO")
    Entitlement.objects.create(user=person, page=material, source=Entitlement.Source.GRANT)
    Entitlement.objects.create(
        user=colleague, page=material, source=Entitlement.Source.GRANT, granted_by=person
    )
    assignment = Assignment.objects.create(organisation=organisation, course=course, assigned_by=person)
    AssignedMember.objects.create(assignment=assignment, user=person)
    ReminderSent.objects.create(
        assignment=assignment,
        user=person,
        kind=ReminderSent.Kind.choices[0][0],
        occasion=timezone.localdate(),
    )
    LearnerAction.objects.create(
        key=uuid.uuid4(),
        user=person,
        kind=LearnerAction.Kind.choices[0][0],
        lesson=course.get_children().first().specific,
        happened_at=timezone.now(),
        outcome=LearnerAction.Outcome.choices[0][0],
    )
    KeptUpload.objects.create(owner=person, name="mi-borrador.pdf", stored_name="kept/borrador.pdf", size=10)

    Invitation.objects.create(organisation=organisation, email="nuevo@coop.example", invited_by=person)
    Invitation.objects.create(
        organisation=organisation, email=EMAIL, full_name=NAME, accepted_by=person, language="es"
    )
    SignInCard.objects.create(
        user=person,
        code_hash="x" * 64,
        issued_by=person,
        expires_at=timezone.now() + datetime.timedelta(days=9),
    )
    ContactMessage.objects.create(
        user=person, name=NAME, email=EMAIL, topic="other", message=f"Soy {NAME}", language="es"
    )
    if person.email:  # written signed out, from the address only: found by it
        ContactMessage.objects.create(
            name=NAME, email=EMAIL, topic="other", message="Sin cuenta", language="es"
        )
    TermsAcceptance.objects.create(user=person, version="2026-01", language="es")

    invoiced = _paid_order(
        person,
        material,
        buyer_name=NAME,
        buyer_organisation="Fondo Solidario S.A.",
        buyer_tax_ids=[{"type": "co_nit", "value": "900123456"}],
        buyer_address={"line1": "Calle 5", "city": "Santa Marta", "country": "CO"},
        stripe_invoice_id="in_test_1",
    )
    plain = _paid_order(person, course, buyer_name=NAME, buyer_address={"line1": "Vereda La Esperanza"})
    StripeEvent.objects.create(
        stripe_id="evt_test_zq",
        type="checkout.session.completed",
        payload={"data": {"object": {"customer_details": {"email": EMAIL, "name": NAME}}}},
    )

    # An editor's traces in Wagtail: a page owned and locked, a revision, the audit log by and about them.
    Page.objects.filter(pk=tree.courses.pk).update(owner=person, locked=True, locked_by=person)
    page = Page.objects.get(pk=tree.courses.pk).specific
    page.save_revision(user=person)
    log(person, "wagtail.edit", user=person)
    log(membership, "portal.membership.confirm", user=colleague)
    PageLogEntry.objects.log_action(page, "wagtail.publish", user=person)

    session = SessionStore()
    session["_auth_user_id"] = str(person.pk)
    session.create()
    return Footprint(person, course, certificate, invoiced, plain)


def _as_user(user: dict) -> dict:
    return {f"user__{key}": value for key, value in user.items()}


def _paid_order(buyer, item, **fields) -> Order:
    return Order.objects.create(
        buyer=buyer,
        item=item,
        item_title=item.title,
        amount=Decimal("12.50"),
        currency="usd",
        status=Order.Status.PAID,
        paid_at=timezone.now(),
        **fields,
    )
