"""Asking for authorisation and deciding on it: rules, history, audit log and e-mails."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.models import AccessLevel
from portal import services
from portal.models import AccessRequest, PartnerDomain
from portal.roles import COORDINATORS

from .. import factories

FORM = {
    "organisation": "Fondo Solidario",
    "country": "PE",
    "role": "Analista",
    "purpose": "Formar a socios",
}


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(email="coordinacion@clase.example", language="es")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def external(db):
    return factories.UserFactory(email="lucia@ong.example", language="pt")


def ask(user, **overrides):
    return services.access_request_create(user=user, accepted_terms=True, **{**FORM, **overrides})


@pytest.mark.django_db(transaction=True)
def test_a_request_tells_the_coordinators(external, coordinator):
    access_request = ask(external)
    assert access_request.status == AccessRequest.Status.PENDING
    (message,) = mail.outbox
    assert message.to == ["coordinacion@clase.example"]
    assert "lucia@ong.example" in message.body and "Fondo Solidario" in message.body


@pytest.mark.django_db
def test_terms_must_be_accepted_and_only_one_request_may_wait(external):
    with pytest.raises(ValidationError):
        services.access_request_create(user=external, accepted_terms=False, **FORM)
    ask(external)
    with pytest.raises(ValidationError) as error:
        ask(external)
    assert "Ya tiene una solicitud que espera una decisión." in str(error.value)  # Spanish: the default


@pytest.mark.django_db(transaction=True)
def test_approval_authorises_until_the_expiry_and_is_logged_and_mailed_in_the_users_language(
    external, coordinator, tree
):
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.AUTHORISED)
    access_request = ask(external)
    mail.outbox.clear()
    until = timezone.localdate() + datetime.timedelta(days=90)

    services.access_request_approve(access_request=access_request, by=coordinator, expires_at=until)

    assert access.check(external, material).allowed
    entry = ModelLogEntry.objects.get(action="portal.access_request.approve")
    assert entry.user == coordinator and entry.object_id == str(access_request.pk)
    (message,) = mail.outbox
    assert message.to == ["lucia@ong.example"]
    assert "aprovad" in message.subject.lower()  # Portuguese: the user's language


@pytest.mark.django_db(transaction=True)
def test_a_rejection_needs_a_reason_which_the_user_reads(external, coordinator):
    access_request = ask(external)
    with pytest.raises(ValidationError):
        services.access_request_reject(access_request=access_request, by=coordinator, reason="  ")
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.PENDING

    mail.outbox.clear()
    services.access_request_reject(
        access_request=access_request, by=coordinator, reason="Falta la carta aval"
    )

    assert "Falta la carta aval" in mail.outbox[0].body
    # Asking again after a rejection is allowed and keeps the history.
    ask(external, purpose="Con carta aval")
    assert list(AccessRequest.objects.filter(user=external).values_list("status", flat=True)) == [
        "pending",
        "rejected",
    ]


@pytest.mark.django_db
def test_revoking_and_expiry_end_access_at_once(external, coordinator, tree):
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.AUTHORISED)
    access_request = services.access_request_approve(access_request=ask(external), by=coordinator)
    assert access.check(external, material).allowed

    services.authorisation_revoke(access_request=access_request, by=coordinator, reason="Fin del convenio")
    access.forget(external)
    assert access.check(external, material).next_step == access.NextStep.REQUEST_AUTHORISATION

    again = services.access_request_approve(access_request=ask(external), by=coordinator)
    AccessRequest.objects.filter(pk=again.pk).update(expires_at=timezone.localdate())
    access.forget(external)
    assert not access.check(external, material).allowed


@pytest.mark.django_db
def test_only_pending_requests_can_be_decided(external, coordinator):
    access_request = services.access_request_approve(access_request=ask(external), by=coordinator)
    with pytest.raises(ValidationError):
        services.access_request_reject(access_request=access_request, by=coordinator, reason="Tarde")
    with pytest.raises(ValidationError):
        services.access_request_approve(
            access_request=access_request, by=coordinator, expires_at=timezone.localdate()
        )


@pytest.mark.django_db(transaction=True)
def test_partner_domains_are_approved_at_once_and_still_logged(coordinator):
    PartnerDomain.objects.create(domain="@Fondo-Solidario.org", partner="Fondo Solidario")
    user = factories.UserFactory(email="ana@fondo-solidario.org")

    access_request = ask(user)

    assert access_request.status == AccessRequest.Status.APPROVED and access_request.automatic
    assert ModelLogEntry.objects.filter(action="portal.access_request.approve").exists()
    assert [message.to for message in mail.outbox] == [["ana@fondo-solidario.org"]]
