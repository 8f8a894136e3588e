"""Copies saved for offline use keep to access: at each reconnection the device names what it keeps, and the
server answers which the reader may no longer open, with the reason in their words (courses/access/keeping.py,
courses/views/offline.py `check`). A copy stays exactly when the page would open online."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.access import services as access_services
from courses.models import AccessLevel, Entitlement
from portal.models import AccessRequest, Organisation

from .. import factories
from .learning_kit import authorise, lessons_of, make_course


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(
        tree.courses, lessons=2, quiz_in=(), access_level=AccessLevel.MEMBERS, title="Gobernanza"
    )


def check(client, *, courses=(), lessons=(), materials=(), language="es"):
    with translation.override(language):
        url = reverse("courses:offline_check")
    query = "&".join(
        f"{name}={','.join(str(page.pk) for page in pages)}"
        for name, pages in (("courses", courses), ("lessons", lessons), ("materials", materials))
    )
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


@pytest.mark.django_db
def test_a_member_keeps_what_they_may_open_and_gets_the_token_to_send_their_progress(client, member, course):
    client.force_login(member)
    answer = check(client, courses=[course], lessons=lessons_of(course))
    assert answer["user"] == member.pk and answer["gone"] == {}
    assert answer["token"]


@pytest.mark.django_db
def test_a_visitor_is_told_nothing_and_nothing_is_removed_on_their_behalf(client, course):
    assert check(client, courses=[course]) == {"user": None}


@pytest.mark.django_db
def test_when_the_organisation_lapses_the_course_goes_and_the_reader_is_told_why(client, member, course):
    client.force_login(member)
    Organisation.objects.update(status=Organisation.Status.LAPSED)
    gone = check(client, courses=[course])["gone"]
    assert gone[str(course.pk)]["reason"] == "organisation_lapsed"
    assert gone[str(course.pk)]["message"] == (
        "«Gobernanza» se quitó de este dispositivo: su organización ya no es socia activa de la Red."
    )
    assert check(client, courses=[course], language="pt")["gone"][str(course.pk)]["message"] == (
        "“Gobernanza” foi removido deste dispositivo: sua organização não é mais membro ativo da Rede."
    )


@pytest.mark.django_db
def test_when_the_membership_ends_the_course_goes(client, member, course):
    client.force_login(member)
    member.memberships.update(ended_at=timezone.localdate() - datetime.timedelta(days=1))
    assert check(client, courses=[course])["gone"][str(course.pk)]["reason"] == "membership_ended"


@pytest.mark.django_db
def test_when_an_authorisation_expires_or_is_revoked_the_authorised_course_goes(client, user, tree):
    course = make_course(tree.courses, lessons=1, quiz_in=(), access_level=AccessLevel.AUTHORISED)
    request = authorise(user)
    client.force_login(user)
    assert check(client, courses=[course])["gone"] == {}
    AccessRequest.objects.filter(pk=request.pk).update(expires_at=timezone.localdate())
    assert check(client, courses=[course])["gone"][str(course.pk)]["reason"] == "authorisation_ended"
    AccessRequest.objects.filter(pk=request.pk).update(expires_at=None, status=AccessRequest.Status.REVOKED)
    assert check(client, courses=[course])["gone"][str(course.pk)]["reason"] == "authorisation_ended"


@pytest.mark.django_db
def test_a_refunded_purchase_and_a_withdrawn_grant_remove_their_copies(client, user, tree, coordinator):
    bought = make_course(tree.courses, lessons=1, quiz_in=(), access_level=AccessLevel.AUTHORISED, price=10)
    granted = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    authorise(user)
    purchase = Entitlement.objects.create(user=user, page=bought, source=Entitlement.Source.PURCHASE)
    grant = access_services.entitlement_grant(user=user, item=granted, by=coordinator)
    client.force_login(user)
    assert check(client, courses=[bought], materials=[granted])["gone"] == {}
    Entitlement.objects.filter(pk=purchase.pk).update(revoked_at=timezone.now())
    access_services.entitlement_revoke(entitlement=grant, by=coordinator)
    gone = check(client, courses=[bought], materials=[granted])["gone"]
    assert gone[str(bought.pk)]["reason"] == "refunded"
    assert gone[str(granted.pk)]["reason"] == "grant_ended"


@pytest.mark.django_db
def test_when_the_agreement_with_the_authors_ends_their_material_goes_from_those_it_no_longer_covers(
    client, user, tree
):
    """An agreement that ends narrows the material to members (courses/licensing/rules.py): an authorised
    external reader's copy goes."""
    today = timezone.localdate()
    licence = factories.LicenceFactory(widest_level=AccessLevel.AUTHORISED, agreement_ends=today)
    material = factories.MaterialPageFactory(
        parent=tree.materials, access_level=AccessLevel.AUTHORISED, licence=licence
    )
    authorise(user)
    client.force_login(user)
    assert check(client, materials=[material])["gone"] == {}
    licence.agreement_ends = timezone.localdate() - datetime.timedelta(days=1)
    licence.save()
    assert check(client, materials=[material])["gone"][str(material.pk)]["reason"] == "agreement_ended"


@pytest.mark.django_db
def test_what_was_unpublished_or_deleted_goes(client, member, course, tree):
    client.force_login(member)
    first, second = lessons_of(course)
    material = factories.MaterialPageFactory(parent=tree.materials, title="Guía de asamblea")
    second.unpublish()
    material.unpublish()
    gone = check(client, courses=[course], lessons=[first, second], materials=[material])["gone"]
    assert set(gone) == {str(second.pk), str(material.pk)}
    assert gone[str(material.pk)]["message"].startswith("«Guía de asamblea» se quitó de este dispositivo")
    deleted = course.pk
    course.delete()
    gone = check(client, courses=[course])["gone"]
    assert gone[str(deleted)]["reason"] == "unpublished"


@pytest.mark.django_db
def test_the_check_costs_the_same_for_a_few_saved_pages_as_for_many(client, member, tree):
    client.force_login(member)

    def queries(count: int) -> int:
        courses = [make_course(tree.courses, lessons=2, quiz_in=()) for _ in range(count)]
        lessons = [lesson for course in courses for lesson in lessons_of(course)]
        Organisation.objects.update(status=Organisation.Status.LAPSED)
        with CaptureQueriesContext(connection) as captured:
            check(client, courses=courses, lessons=lessons)
        Organisation.objects.update(status=Organisation.Status.ACTIVE)
        return len(captured)

    assert queries(1) == queries(6)
