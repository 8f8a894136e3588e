"""Builders for the tests of an organisation's learning and its training record
(tests/courses/test_organisation_learning*.py, test_training_record.py, the access matrix of the managers'
surfaces, the browser journey)."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from django.utils import timezone

from courses.learning import organisation_totals
from courses.learning import services as learning
from courses.models import Certificate, Enrolment, LessonCompletion, QuizAttempt
from portal.models import Membership, Organisation, User

from .. import factories
from .learning_kit import RIGHT, lessons_of, make_course, quiz_id

ZONE = datetime.timezone(datetime.timedelta(hours=-6))  # the network's default zone (El Salvador)


def cooperative(name: str = "Cooperativa Café Sierra Nevada", country: str = "CO") -> Organisation:
    return factories.OrganisationFactory(name=name, country=country)


def manager_of(organisation: Organisation, **user) -> User:
    user.setdefault("full_name", "Marta Quispe")
    return factories.MembershipFactory(organisation=organisation, manages=True, **_prefixed(user)).user


def member_of(organisation: Organisation, **user) -> User:
    return factories.MembershipFactory(organisation=organisation, **_prefixed(user)).user


def _prefixed(user: dict) -> dict:
    return {f"user__{key}": value for key, value in user.items()}


def course_in(tree, **fields):
    """A course of three lessons, the second with a quiz (tests/courses/learning_kit.py)."""
    return make_course(tree.courses, **fields)


def moment(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=ZONE)


def complete(user: User, course, *, on: datetime.datetime | None = None) -> Certificate:
    """Do the whole course through the learner's own actions (courses/learning/services.py), which issue the
    certificate; then date the completion `on` (the day a test needs)."""
    for lesson in lessons_of(course):
        learning.lesson_complete(user=user, lesson=lesson)
        if any(True for _ in lesson.specific.body.blocks_by_name("quiz")):
            answers = {int(key[1:]): [int(choice) for choice in value] for key, value in RIGHT.items()}
            learning.quiz_submit(user=user, lesson=lesson, block_id=quiz_id(lesson), answers=answers)
    certificate = Certificate.objects.get(user=user, course=course)
    if on is not None:
        Enrolment.objects.filter(user=user, course=course).update(
            completed_at=on, last_activity_at=on, enrolled_at=on - datetime.timedelta(days=3)
        )
        Certificate.objects.filter(pk=certificate.pk).update(
            completed_on=timezone.localtime(on).date(), issued_at=on
        )
        certificate.refresh_from_db()
        _renew_totals([user.pk])
    return certificate


def start(user: User, course, *, lessons: int = 1, on: datetime.datetime | None = None) -> Enrolment:
    """Do the first lessons of a course (no quiz answered)."""
    for lesson in lessons_of(course)[:lessons]:
        learning.lesson_complete(user=user, lesson=lesson)
    enrolment = Enrolment.objects.get(user=user, course=course)
    if on is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=on, last_activity_at=on)
        enrolment.refresh_from_db()
        _renew_totals([user.pk])
    return enrolment


def _renew_totals(user_ids) -> None:
    """Rows written without signals (dated by hand, or in bulk) renew the organisations' kept totals, as any
    such writer must (courses/learning/organisation_totals.py)."""
    organisation_totals.renew(
        Membership.objects.filter(user_id__in=user_ids).values_list("organisation_id", flat=True)
    )


def crowd(organisation: Organisation, courses: list, members: int, *, first: int = 0) -> list[User]:
    """`members` active members at once (rows written in bulk), each enrolled in three of the courses: one
    completed with its certificate, one with a lesson done and a quiz answered, one just begun."""
    users = User.objects.bulk_create(
        User(email=f"socio{number}@coop.example", full_name=f"Socio {number:05d}", password="!")
        for number in range(first, first + members)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, verified=True) for user in users
    )
    lessons = {course.pk: lessons_of(course) for course in courses}
    quizzes = {course.pk: quiz_id(lessons[course.pk][1]) for course in courses}
    now = timezone.now()
    enrolments = []
    for index, user in enumerate(users):
        for offset, completed in ((0, True), (1, False), (2, False)):
            course = courses[(index + offset) % len(courses)]
            enrolments.append(
                Enrolment(user=user, course=course, enrolled_at=now, completed_at=now if completed else None)
            )
    enrolments = Enrolment.objects.bulk_create(enrolments)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=lessons[enrolment.course_id][0])
        for enrolment in enrolments
    )
    QuizAttempt.objects.bulk_create(
        QuizAttempt(
            enrolment=enrolment,
            lesson=lessons[enrolment.course_id][1],
            block_id=quizzes[enrolment.course_id],
            attempts=1,
            best_score=80,
            passed=True,
        )
        for enrolment in enrolments[::3]
    )
    Certificate.objects.bulk_create(
        Certificate(
            code=f"C{enrolment.pk:015d}",
            code_digest=f"{enrolment.pk:064d}",
            user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            language="es",
            learner_name=f"Socio {enrolment.user_id}",
            course_title="Curso",
            hours=4,
            completed_on=timezone.localdate(),
        )
        for enrolment in enrolments[::3]
    )
    organisation_totals.renew([organisation.pk])
    return users


# --- reading a PDF ------------------------------------------------------------------------------------------


def _run(*command, **options) -> subprocess.CompletedProcess:
    """Run one of poppler's or zbar's programs (fixed names and arguments, a file of the test's own)."""
    return subprocess.run([str(part) for part in command], capture_output=True, **options)  # noqa: S603


def pdf_words(pdf: bytes) -> str:
    """The PDF's text as poppler's pdftotext reads it (what a reader copies), one space between words."""
    return " ".join(_run("pdftotext", "-", "-", input=pdf, check=True).stdout.decode("utf-8").split())


def link_targets(pdf: bytes) -> list[str]:
    """The addresses of the PDF's link annotations, page after page."""
    targets = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and action.get("/S") == "/URI":
                    targets.append(str(action["/URI"]))
    return targets


def qr_targets(pdf: bytes) -> list[str] | None:
    """What the QR codes on the PDF's pages say, read from the pages rendered as images (poppler's pdftoppm)
    by zbar's `zbarimg`; None when zbarimg is not installed (./dev.sh test installs it)."""
    if shutil.which("zbarimg") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "record.pdf"
        source.write_bytes(pdf)
        _run("pdftoppm", "-r", "200", "-png", source, Path(folder) / "page", check=True)
        found = []
        for image in sorted(Path(folder).glob("page*.png")):
            result = _run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", image, check=False)
            found += [line for line in result.stdout.decode("utf-8").splitlines() if line]
        return found
