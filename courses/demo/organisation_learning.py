"""The demo cooperative's learning: a few producers of "Cooperativa Café Sierra Nevada" who completed courses
in the last months (and one still learning), so that its manager's learning page, chart and training record
are not empty. Each course is done through the learner's own actions (courses/learning/services.py: lessons
marked done, quizzes answered right), which issue the certificates; the completion is then dated back to the
month it stands for. Loaded by `load_demo`; left alone once the producers exist."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from courses.learning import services as learning
from courses.learning.quizzes import items_of
from courses.models import Certificate, CoursePage, Enrolment
from portal.models import Membership, Organisation, User

from . import content

ORGANISATION = "Cooperativa Café Sierra Nevada"
# (e-mail, name, [(course key, months ago completed, or None: still learning)])
PRODUCERS = [
    ("rosa.mamani@sierranevada.example", "Rosa Mamani", [("governance", 4), ("marketing", 1)]),
    ("pedro.condori@sierranevada.example", "Pedro Condori", [("governance", 2), ("climate", None)]),
    ("lucia.huaman@sierranevada.example", "Lucía Huamán", [("marketing", 0)]),
]


def right_answers(lesson) -> dict[str, dict[int, list[int]]]:
    """Each quiz of a lesson with every question answered right, read from the lesson's stored blocks."""
    found = {}
    for block in lesson.body.raw_data:
        if block["type"] != "quiz":
            continue
        found[block["id"]] = {
            number: [
                index for index, choice in enumerate(items_of(question["choices"])) if choice.get("correct")
            ]
            for number, question in enumerate(items_of(block["value"]["questions"]))
        }
    return found


def course_of(key: str) -> CoursePage | None:
    spec = next(course for course in content.COURSES if course["key"] == key)
    return CoursePage.objects.live().filter(slug=spec["es"]["slug"], locale__language_code="es").first()


def learn(user: User, course: CoursePage, *, completed_months_ago: int | None) -> None:
    lessons = list(course.lessons().order_by("path"))
    if completed_months_ago is None:
        lessons = lessons[:1]
    for lesson in lessons:
        learning.lesson_complete(user=user, lesson=lesson)
        for block_id, answers in right_answers(lesson.specific).items():
            learning.quiz_submit(user=user, lesson=lesson, block_id=block_id, answers=answers)
    if completed_months_ago is None:
        return
    today = timezone.localdate()
    month = (today.month - 1 - completed_months_ago) % 12 + 1
    year = today.year + (today.month - 1 - completed_months_ago) // 12
    day = datetime.date(year, month, min(today.day, 20))
    moment = datetime.datetime.combine(day, datetime.time(11), tzinfo=timezone.get_current_timezone())
    Enrolment.objects.filter(user=user, course=course).update(
        enrolled_at=moment - datetime.timedelta(days=12), last_activity_at=moment, completed_at=moment
    )
    Certificate.objects.filter(user=user, course=course).update(completed_on=day, issued_at=moment)


def ensure_organisation_learning(stdout) -> None:
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    if organisation is None or User.objects.filter(email=PRODUCERS[0][0]).exists():
        stdout.write("Learning of the demo cooperative: left unchanged.")
        return
    completed = 0
    for email, name, courses in PRODUCERS:
        user = User.objects.create_user(email, None, full_name=name, language="es")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        Membership.objects.create(user=user, organisation=organisation, verified=True)
        for key, months_ago in courses:
            course = course_of(key)
            if course is not None:
                learn(user, course, completed_months_ago=months_ago)
                completed += months_ago is not None
    stdout.write(
        f"Learning of the demo cooperative: {len(PRODUCERS)} producers, {completed} courses completed"
    )
