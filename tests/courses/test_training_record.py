"""The training record for audits: a PDF of what the organisation's active members completed in a period,
with dates, hours and certificate codes, each with a QR code to its public verification page, which then
says the holder is a member of the organisation; signed off with when it was produced and by whom."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from courses.learning import services as learning
from courses.learning.certificates import organisation_token, organisation_verification_url
from courses.models import Certificate
from portal.models import Membership, PortalSettings

from .. import factories
from .learning_kit import RIGHT, lessons_of, quiz_id
from .organisation_kit import (
    complete,
    cooperative,
    course_in,
    link_targets,
    manager_of,
    member_of,
    moment,
    pdf_words,
    qr_targets,
)

pytestmark = pytest.mark.django_db


def record_url(organisation, language="es") -> str:
    with override(language):
        return reverse("courses:organisation_record", args=[organisation.pk])


@pytest.fixture
def coop():
    return cooperative()


@pytest.fixture
def manager(coop):
    return manager_of(coop)


@pytest.fixture
def courses(tree):
    return (
        course_in(tree, title="Gobernanza cooperativa", estimated_hours=4),
        course_in(tree, title="Comercialización justa", estimated_hours="2.5"),
    )


def download(client, organisation, language="es", **period):
    response = client.get(record_url(organisation, language), period)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    return response


def test_the_form_offers_the_last_12_months(client, coop, manager):
    client.force_login(manager)
    response = client.get(record_url(coop))
    page = response.content.decode()
    assert response.status_code == 200 and "Registro de formación" in page
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=334)).replace(day=1)
    assert f'value="{today.isoformat()}"' in page and f'value="{first.isoformat()}"' in page


def test_the_record_lists_each_active_members_courses_completed_in_the_period(client, coop, manager, courses):
    governance, marketing = courses
    ana = member_of(coop, full_name="Ana Mamani")
    luis = member_of(coop, full_name="Luis Condori")
    ended = factories.MembershipFactory(organisation=coop, user__full_name="Pedro Ex Socio").user
    stranger = member_of(cooperative("Asociación de Mieleros del Sur"), full_name="Carmen Otra")
    first = complete(ana, governance, on=moment(2026, 3, 10))
    second = complete(ana, marketing, on=moment(2026, 5, 2))
    earlier = complete(luis, governance, on=moment(2025, 11, 30))  # before the period
    complete(ended, governance, on=moment(2026, 4, 1))
    complete(stranger, governance, on=moment(2026, 4, 1))
    Membership.objects.filter(user=ended).update(ended_at=timezone.localdate())
    client.force_login(manager)

    response = download(client, coop, start="2026-01-01", end="2026-06-30")
    name = "registro-de-formacion-cooperativa-cafe-sierra-nevada-2026-01-01-2026-06-30.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    pdf = response.content
    keep = os.environ.get("KEEP_RECORD_PDF")  # to look at it: KEEP_RECORD_PDF=/tmp/record.pdf
    if keep:
        Path(keep).write_bytes(pdf)
    words = pdf_words(pdf)
    for expected in (
        "Registro de formación",
        "Cooperativa Café Sierra Nevada",
        "Cooperativa · Colombia",
        "Período: del 1 de enero de 2026 al 30 de junio de 2026",
        "Ana Mamani",
        "Gobernanza cooperativa",
        "10 de marzo de 2026",
        "Comercialización justa",
        "2 de mayo de 2026",
        first.display_code,
        second.display_code,
        "Cursos completados 2",
        "Horas de formación 6,5",
        "Socios confirmados 3",  # the manager, Ana and Luis: not Pedro, whose membership ended
    ):
        assert expected in words, expected
    for absent in ("Luis Condori", earlier.display_code, "Pedro Ex Socio", "Carmen Otra"):
        assert absent not in words
    # Signed off: when (the network's zone, as the portal writes it) and who.
    assert (
        "Emitido el" in words
        and "(hora de El Salvador) por Marta Quispe, responsable de Cooperativa" in words
    )
    assert "página 1 de 1" in words

    # Each certificate links to its verification page naming the organisation, and its QR code says the same.
    expected = [organisation_verification_url(c, coop.pk, "es") for c in (first, second)]
    assert link_targets(pdf) == expected
    decoded = qr_targets(pdf)
    if decoded is not None:  # zbarimg installed (./dev.sh test installs it)
        assert sorted(decoded) == sorted(expected)


def test_the_record_is_in_the_readers_language_and_names_a_coordinator_as_such(
    client, coop, coordinator, courses
):
    governance, _marketing = courses
    complete(member_of(coop, full_name="Ana Mamani"), governance, on=moment(2026, 3, 10))
    coordinator.full_name = "Rosa Elena Martínez"
    coordinator.save()
    client.force_login(coordinator)
    words = pdf_words(download(client, coop, "pt", start="2026-01-01", end="2026-12-31").content)
    assert "Registro de formação" in words and "10 de março de 2026" in words
    assert "por Rosa Elena Martínez, coordenador/a de formação da rede" in words


def test_a_course_completed_without_a_certificate_is_listed_with_its_hours(client, coop, manager, courses):
    governance, _marketing = courses
    nameless = member_of(coop, full_name="")  # no name to print: the course completes, no certificate
    for lesson in lessons_of(governance):
        learning.lesson_complete(user=nameless, lesson=lesson)
    quiz_lesson = lessons_of(governance)[1]
    answers = {int(key[1:]): [int(choice) for choice in value] for key, value in RIGHT.items()}
    learning.quiz_submit(user=nameless, lesson=quiz_lesson, block_id=quiz_id(quiz_lesson), answers=answers)
    assert not Certificate.objects.exists()
    client.force_login(manager)
    words = pdf_words(download(client, coop, start="", end="").content)
    assert nameless.email in words and "Gobernanza cooperativa" in words
    assert "Aún sin certificado: falta el nombre completo de la persona." in words
    assert "Horas de formación 4" in words


def test_an_impossible_period_is_explained_and_kept(client, coop, manager):
    client.force_login(manager)
    response = client.get(record_url(coop), {"start": "2026-06-30", "end": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "El período debe terminar el mismo día en que empieza o después." in page
    assert 'value="2026-06-30"' in page and 'value="2026-01-01"' in page
    typed_wrong = client.get(record_url(coop), {"start": "30/06/2026", "end": ""}).content.decode()
    assert "Introduzca una fecha válida." in typed_wrong and 'value="30/06/2026"' in typed_wrong


def test_an_empty_period_says_so(client, coop, manager):
    client.force_login(manager)
    words = pdf_words(download(client, coop, start="", end="").content)
    assert "Ningún miembro completó un curso en este período." in words


# --- the verification page, opened from the record ---------------------------------------------------------


def verify(client, certificate, token=None):
    path = reverse("courses:certificate_verify", kwargs={"code": certificate.display_code})
    response = client.get(path, {"org": token} if token is not None else {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_verification_page_names_the_organisation_of_a_member(client, coop, courses):
    governance, _marketing = courses
    ana = member_of(coop, full_name="Ana Mamani")
    certificate = complete(ana, governance)
    other = cooperative("Asociación de Mieleros del Sur")

    assert "Emitido a un miembro de Cooperativa Café Sierra Nevada" in verify(
        client, certificate, organisation_token(certificate, coop.pk)
    )
    # Nothing is said without the token, with a forged one, or with one made for another certificate.
    assert "Emitido a un miembro" not in verify(client, certificate)
    assert "Emitido a un miembro" not in verify(client, certificate, f"{other.pk}.forged")
    forged = organisation_token(certificate, coop.pk).replace(f"{coop.pk}.", f"{other.pk}.", 1)
    assert "Emitido a un miembro" not in verify(client, certificate, forged)
    someone_else = complete(member_of(other), governance)
    assert "Emitido a un miembro" not in verify(
        client, certificate, organisation_token(someone_else, coop.pk)
    )
    # A token for an organisation the holder does not belong to says nothing either.
    assert "Emitido a un miembro" not in verify(
        client, certificate, organisation_token(certificate, other.pk)
    )


def test_the_verification_page_says_nothing_once_the_holder_has_left(client, coop, courses):
    governance, _marketing = courses
    ana = member_of(coop, full_name="Ana Mamani")
    certificate = complete(ana, governance)
    token = organisation_token(certificate, coop.pk)
    Membership.objects.filter(user=ana).update(ended_at=timezone.localdate())
    page = verify(client, certificate, token)
    assert "Certificado válido" in page and "Emitido a un miembro" not in page


def test_the_record_is_signed_off_in_the_networks_time_zone(client, coop, manager):
    settings_row = PortalSettings.load()
    settings_row.time_zone = "America/Sao_Paulo"
    settings_row.save()
    client.force_login(manager)
    words = pdf_words(download(client, coop, start="", end="").content)
    assert "(hora de Brasilia) por Marta Quispe" in words
