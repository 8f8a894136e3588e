"""Certificates: issued once on completion, written in the learner's language, e-mailed once, downloadable
by their learner only, and checked by anyone on a public page that shows only what the certificate shows."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, translation

from courses.learning import certificate_pdf, certificates
from courses.learning.tasks import email_certificate
from courses.models import AccessLevel, Certificate

from .. import factories
from .learning_kit import done_url, enrol_url, finish, lessons_of, make_course, pdf_text


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    course = make_course(
        tree.courses,
        lessons=2,
        quiz_in=(1,),
        title="Gobernanza cooperativa",
        estimated_hours=6.5,
        access_level=AccessLevel.MEMBERS,
    )
    course.licence = factories.shipped("CC-BY-4.0")
    course.save_revision().publish()
    factories.credit(course, factories.ContributorFactory(name="Fondo Solidario"))
    # Another course's credits never leak onto this course's certificate.
    other = factories.CoursePageFactory(parent=tree.courses, title="Otro curso")
    factories.credit(other, factories.ContributorFactory(name="Universidad del Sur"))
    return course


@pytest.fixture
def learner(db):
    membership = factories.MembershipFactory(
        user__full_name="Juan Carlos Torres",
        user__language="en",
        organisation__name="Cooperativa Café Sierra",
    )
    return membership.user


@pytest.fixture
def certified(client, learner, course, django_capture_on_commit_callbacks):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
    return Certificate.objects.get(user=learner, course=course)


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def verify_url(code: str) -> str:
    return certificates.verification_path(code, "es")


@pytest.mark.django_db
def test_the_certificate_states_the_learner_course_hours_date_credits_code_and_address(certified, course):
    text = pdf_text(certificate_pdf.render_pdf(certified))
    with translation.override("en"):
        date = formats.date_format(datetime.date.today(), "DATE_FORMAT")
    assert "Juan Carlos Torres" in text and "Cooperativa Café Sierra" in text
    assert "Gobernanza cooperativa" in text
    assert "6.5 hours" in text and date in text  # in the learner's language (English), not the page's
    assert "Fondo Solidario (author)" in text and "Universidad del Sur" not in text
    assert "Creative Commons Attribution 4.0 International" in text
    assert certified.attribution and certified.attribution in text
    assert certified.display_code in text
    assert f"http://testserver/en/certificates/{certified.display_code}/" in text


@pytest.mark.django_db
def test_the_certificate_keeps_what_it_stated_when_things_change_later(certified, course, learner):
    learner.full_name = "Otro Nombre"
    learner.save()
    course.title = "Nuevo título"
    course.save_revision().publish()
    text = pdf_text(certificate_pdf.render_pdf(Certificate.objects.get(pk=certified.pk)))
    assert "Juan Carlos Torres" in text and "Gobernanza cooperativa" in text and "Otro Nombre" not in text


@pytest.mark.django_db
def test_codes_are_long_random_and_unguessable(certified):
    assert len(certified.code) == certificates.CODE_LENGTH and certified.code.isalnum()
    assert str(certified.pk) not in certified.display_code.split("-")
    assert len(certified.code_digest) == 64 and certified.code not in certified.code_digest


@pytest.mark.django_db
def test_the_certificate_is_emailed_once_with_the_pdf_in_the_learners_language(
    client, certified, course, django_capture_on_commit_callbacks
):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [certified.user.email]
    assert "Gobernanza cooperativa" in message.subject and "Your certificate" in message.subject
    assert f"http://testserver/en/certificates/{certified.display_code}/" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert certified.display_code in pdf_text(content)

    email_certificate.call(certified.pk)  # the worker runs it again
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
        client.post(reverse("courses:course_complete", kwargs={"course_id": course.pk}))
    assert len(mail.outbox) == 1 and Certificate.objects.count() == 1


@pytest.mark.django_db
def test_the_learner_downloads_their_own_certificate_and_nobody_else_can(client, certified):
    url = reverse("courses:certificate_download", kwargs={"code": certified.display_code})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    assert "Juan Carlos Torres" in pdf_text(response.content)

    client.force_login(factories.MembershipFactory().user)
    assert client.get(url).status_code == 404
    client.logout()
    assert reverse("account_login") in client.get(url).url


@pytest.mark.django_db
def test_the_verification_page_shows_only_what_the_certificate_shows(client, certified):
    client.logout()
    response = client.get(verify_url(certified.display_code))
    html = response.content.decode()
    assert response.status_code == 200
    for fact in (
        "Juan Carlos Torres",
        "Cooperativa Café Sierra",
        "Gobernanza cooperativa",
        "Fondo Solidario",
    ):
        assert fact in html
    assert certified.display_code in html and "6,5" in html  # the page's language: Spanish
    assert certified.user.email not in html and "Otro" not in html
    assert response["Referrer-Policy"] == "no-referrer" and "noindex" in html


@pytest.mark.django_db
def test_a_code_is_found_however_it_is_typed_and_the_form_leads_to_it(client, certified):
    typed = certified.display_code.lower().replace("-", " ")
    response = client.get(reverse("courses:certificate_search"), {"code": typed})
    assert response.status_code == 302 and response.url.endswith(f"/certificates/{certified.code}/")
    assert client.get(response.url).status_code == 200
    form = client.get(reverse("courses:certificate_search")).content.decode()
    assert 'name="code"' in form and 'method="get"' in form


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC-DDDD", "1", "x" * 80, "../../admin"])
def test_an_unknown_code_is_clearly_not_found(client, certified, code):
    client.logout()
    response = client.get(verify_url(code) if "/" not in code else "/es/certificates/..%2F..%2Fadmin/")
    html = response.content.decode()
    assert response.status_code == 404
    if "/" not in code:
        assert 'class="verify-result not-found"' in html and "Juan Carlos Torres" not in html


@pytest.mark.django_db
def test_a_change_of_one_character_is_not_found(client, certified):
    code = certified.code
    changed = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert client.get(verify_url(changed)).status_code == 404


@pytest.mark.django_db
def test_many_wrong_codes_from_one_address_have_to_wait(client, certified):
    from courses.views import learning as learning_views

    client.logout()
    for number in range(learning_views.LOOKUP_FAILURES_ALLOWED):
        assert client.get(verify_url(f"AAAA-BBBB-CCCC-{number:04d}")).status_code == 404
    response = client.get(verify_url(certified.display_code))
    assert response.status_code == 429 and "Juan Carlos Torres" not in response.content.decode()


@pytest.mark.django_db
def test_a_learner_without_a_name_is_asked_for_it_before_the_certificate(
    client, course, django_capture_on_commit_callbacks
):
    learner = factories.MembershipFactory(user__full_name="").user
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
    assert not Certificate.objects.exists() and not mail.outbox
    html = client.get(course.url).content.decode()
    assert reverse("portal:account") in html
    assert reverse("courses:course_complete", kwargs={"course_id": course.pk}) in html

    learner.full_name = "Ana Quispe"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:course_complete", kwargs={"course_id": course.pk}))
    assert Certificate.objects.get().learner_name == "Ana Quispe" and len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_certificate_is_written_in_the_learners_language(
    client, tree, django_capture_on_commit_callbacks
):
    course = make_course(tree.courses, lessons=1, quiz_in=(), estimated_hours=4)
    learner = factories.UserFactory(full_name="Maria Souza", language="pt")
    client.force_login(learner)
    client.post(enrol_url(course))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(done_url(lessons_of(course)[0]))
    certificate = Certificate.objects.get()
    assert certificate.language == "pt"
    with translation.override("pt"):
        date = formats.date_format(certificate.completed_on, "DATE_FORMAT")
    text = pdf_text(certificate_pdf.render_pdf(certificate))
    assert date in text and "/pt/certificates/" in text
