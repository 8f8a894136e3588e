"""A member without e-mail learns like any member: they open the members' courses and materials, enrol,
complete and get their certificate; and the portal never tries to e-mail them, at any step."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from courses.access.policy import viewer_for
from courses.models import AccessLevel, Certificate
from payments import emails as payment_emails
from portal import member_accounts, services
from portal.models import Membership, User

from .. import factories
from .learning_kit import finish, make_course, pdf_text

pytestmark = pytest.mark.django_db
PASSWORD = "cafe-de-altura-2026"


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def cooperative(db):
    return factories.OrganisationFactory(name="Cooperativa La Esperanza", country="PE")


@pytest.fixture
def rosa(client, cooperative):
    """Rosa's account made by her manager, and Rosa signed in with her card, her password chosen."""
    manager = factories.MembershipFactory(organisation=cooperative, manages=True).user
    _membership, _card, code = member_accounts.member_account_create(
        organisation=cooperative,
        full_name="Rosa Díaz",
        login_name="rosa.diaz",
        language="es",
        role=Membership.Role.MEMBER,
        by=manager,
    )
    client.post(reverse("portal:card_sign_in"), {"login": "rosa.diaz", "code": code})
    client.post(reverse("portal:card_password"), {"password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get(login_name="rosa.diaz")
    assert client.get(reverse("courses:my_learning")).wsgi_request.user == user
    return user


@pytest.fixture
def course(tree):
    return make_course(
        tree.courses,
        lessons=2,
        quiz_in=(1,),
        title="Gobernanza cooperativa",
        access_level=AccessLevel.MEMBERS,
    )


def test_the_member_opens_a_members_course_and_earns_a_certificate_without_any_e_mail(
    client, rosa, course, members_material, django_capture_on_commit_callbacks
):
    viewer = viewer_for(rosa)
    assert viewer.is_verified and viewer.is_member  # the manager's word stands for a confirmed address
    assert client.get(course.url).status_code == 200
    assert "lock-notice" not in client.get(members_material.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)  # enrols, does every lesson and quiz, completes: the certificate is issued
    certificate = Certificate.objects.get(user=rosa, course=course)
    assert certificate.emailed_at is None  # nothing was sent, and nothing says it was
    assert mail.outbox == []

    download = reverse("courses:certificate_download", kwargs={"code": certificate.display_code})
    learning = client.get(reverse("courses:my_learning")).content.decode()
    assert "Gobernanza cooperativa" in learning and download in learning
    pdf = client.get(download)
    assert pdf.status_code == 200 and "Rosa Díaz" in pdf_text(pdf.content)


def test_a_member_with_an_e_mail_still_gets_the_certificate_by_e_mail(
    client, course, django_capture_on_commit_callbacks
):
    juan = factories.MembershipFactory(user__email="juan@coop.example").user
    client.force_login(juan)
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
    assert [message.to for message in mail.outbox] == [["juan@coop.example"]]


def test_the_pages_behind_a_confirmed_address_open_to_them(client, rosa):
    """The portal's own gate (and allauth's, at sign-in) let a vouched member through."""
    assert client.get(reverse("portal:link_organisation")).status_code == 200
    assert client.get(reverse("portal:request_authorisation")).status_code == 200
    account = client.get(reverse("portal:account")).content.decode()
    assert "rosa.diaz" in account and "el portal no le envía correos" in account


def test_decisions_reach_the_coordinators_but_never_write_to_the_member(
    rosa, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.access_request_create(
            user=rosa,
            organisation="Cooperativa",
            country="PE",
            role="Socia",
            purpose="Formación",
            accepted_terms=True,
        )
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.access_request_approve(access_request=request, by=coordinator)
    assert mail.outbox == []


def test_the_payments_e_mails_skip_a_buyer_without_an_address(rosa):
    payment_emails.send_to_buyer(rosa, "payment_failed", {})
    assert mail.outbox == []
