"""Learning pages cost a constant number of queries, from a 3-lesson course with a handful of learners to
a 100-lesson course with 10,000 learners (their rows bulk-created)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import AccessLevel, Enrolment, LessonCompletion, QuizAttempt
from portal.models import User
from portal.roles import COORDINATORS

from .. import factories
from .learning_kit import ONE_RIGHT, QUIZ, done_url, enrol_url, lessons_of, make_course, quiz_id, quiz_url


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


LESSONS, LEARNERS = 100, 10_000


def queries(client, method, url, data=None):
    # Warm the caches as steady traffic does: the first request remembers the route (site root paths,
    # locales), the second keeps the page in the process's memory.
    for _ in range(2 if method == "get" else 1):
        getattr(client, method)(url, data or {})
    with CaptureQueriesContext(connection) as context:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(context.captured_queries)


def grow(course, lessons: int, learners: int) -> None:
    """Lessons up to `lessons` (every tenth with a quiz); `learners` enrolled learners at every stage."""
    for number in range(len(lessons_of(course)), lessons):
        body = [("text", f"<p>Lección {number + 1}.</p>")] + ([("quiz", QUIZ)] if number % 10 == 1 else [])
        factories.LessonPageFactory(parent=course, title=f"Lección {number + 1}", body=body)
    all_lessons = lessons_of(course)
    quizzes = [(lesson, quiz_id(lesson)) for lesson in all_lessons if lesson.body.first_block_by_name("quiz")]
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"learner{start + n}@example.org", full_name=f"Learner {n}", password="!")  # noqa: S106
        for n in range(learners)
    )
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            course=course,
            last_activity_at=now - timezone.timedelta(days=n % 60),
            completed_at=now if n % 50 == 0 else None,
        )
        for n, user in enumerate(users)
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=lesson)
        for n, enrolment in enumerate(enrolments)
        for lesson in all_lessons[: n % 7]
    )
    QuizAttempt.objects.bulk_create(
        QuizAttempt(
            enrolment=enrolment,
            lesson=quizzes[0][0],
            block_id=quizzes[0][1],
            attempts=1 + n % 3,
            best_score=(n * 37) % 101,
            last_score=(n * 37) % 101,
            passed=(n * 37) % 101 >= 60,
        )
        for n, enrolment in enumerate(enrolments)
        if n % 2
    )


@pytest.mark.django_db
def test_learning_pages_cost_the_same_for_a_bigger_course_with_more_learners(client, tree, member):
    course = make_course(tree.courses, lessons=3, quiz_in=(1,), access_level=AccessLevel.MEMBERS)
    coordinator = factories.UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    grow(course, lessons=3, learners=5)
    client.force_login(member)
    client.post(enrol_url(course))
    first, second = lessons_of(course)[:2]
    client.post(done_url(first))
    client.post(quiz_url(second), ONE_RIGHT)  # not passed: every measured answer is a graded attempt

    def measure():
        client.force_login(member)
        counts = {
            "course page": queries(client, "get", course.url),
            "lesson page with a quiz": queries(client, "get", second.url),
            "my learning": queries(client, "get", reverse("courses:my_learning")),
            "mark a lesson done": queries(client, "post", done_url(first)),
            "answer a quiz": queries(client, "post", quiz_url(second), ONE_RIGHT),
        }
        client.force_login(coordinator)
        statistics = reverse("learning_statistics:course", args=[course.pk])
        counts["coordinator statistics"] = queries(client, "get", statistics)
        counts["coordinator CSV"] = queries(client, "get", statistics, {"export": "csv"})
        counts["coordinator overview"] = queries(client, "get", reverse("learning_statistics:index"))
        return counts

    small = measure()
    grow(course, lessons=LESSONS, learners=LEARNERS)
    assert len(lessons_of(course)) == LESSONS and Enrolment.objects.filter(course=course).count() > LEARNERS
    big = measure()

    print("\nqueries (3 lessons, 6 learners → 100 lessons, 10,006 learners):")
    for name, count in small.items():
        print(f"  {name}: {count} → {big[name]}")
    assert big == small
