"""Coordinators' learning statistics: the numbers, the chart, the CSV, and who may read them."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from courses.admin.learning import course_statistics
from courses.learning import services as learning
from courses.models import AccessLevel, Enrolment
from portal.roles import COORDINATORS, EDITORS

from .. import factories
from .learning_kit import lessons_of, make_course, quiz_id


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(tree.courses, lessons=3, quiz_in=(1,), access_level=AccessLevel.MEMBERS)


def member(name):
    return factories.MembershipFactory(user__full_name=name).user


@pytest.fixture
def learners(course, django_capture_on_commit_callbacks):
    """A finished everything; B did lessons 1-2 but failed the quiz; C and E did lesson 1 (E long ago);
    D enrolled and did nothing."""
    first, second, third = lessons_of(course)
    people = {key: member(f"Learner {key}") for key in "ABCDE"}
    with django_capture_on_commit_callbacks(execute=True):
        learning.quiz_submit(
            user=people["A"], lesson=second, block_id=quiz_id(second), answers={0: [1], 1: [1], 2: [2]}
        )
        for lesson in (first, second, third):
            learning.lesson_complete(user=people["A"], lesson=lesson)
        learning.quiz_submit(
            user=people["A"], lesson=second, block_id=quiz_id(second), answers={0: [0], 1: [0], 2: [0, 1]}
        )
    learning.lesson_complete(user=people["B"], lesson=first)
    learning.lesson_complete(user=people["B"], lesson=second)
    learning.quiz_submit(
        user=people["B"], lesson=second, block_id=quiz_id(second), answers={0: [0], 1: [1], 2: [2]}
    )
    learning.lesson_complete(user=people["C"], lesson=first)
    learning.enrol(user=people["D"], course=course)
    learning.lesson_complete(user=people["E"], lesson=first)
    Enrolment.objects.filter(user=people["E"]).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=40)
    )
    return people


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.mark.django_db
def test_the_numbers_of_a_course(course, learners):
    statistics = course_statistics(course)
    totals = statistics.totals
    assert (totals.enrolled, totals.active, totals.completed, totals.completion_rate) == (5, 4, 1, 20)
    assert statistics.not_started == 1
    assert [(row.position, row.completed, row.stopped) for row in statistics.lessons] == [
        (1, 4, 2),  # C and E stopped after lesson 1
        (2, 2, 1),  # B stopped after lesson 2
        (3, 1, 0),  # A completed the course
    ]
    assert [row.completed_percent for row in statistics.lessons] == [80, 40, 20]
    (quiz,) = statistics.quizzes
    assert (quiz.learners, quiz.passed, quiz.pass_rate, quiz.position) == (2, 1, 50, 2)
    assert quiz.average_best == 66.5  # A's best 100, B's 33
    assert quiz.average_attempts == 1.5 and statistics.average_quiz_score == 66.5


@pytest.mark.django_db
def test_a_removed_lesson_leaves_the_statistics(course, learners):
    lessons_of(course)[2].unpublish()
    statistics = course_statistics(course)
    assert [row.completed for row in statistics.lessons] == [4, 2]


@pytest.mark.django_db
def test_coordinators_read_the_statistics_with_a_chart(client, course, learners, coordinator):
    client.force_login(coordinator)
    overview = client.get(reverse("learning_statistics:index"))
    assert overview.status_code == 200
    detail_url = reverse("learning_statistics:course", args=[course.pk])
    assert detail_url in overview.content.decode()

    response = client.get(detail_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0 760 250" role="img"' in html and html.count('class="learning-chart__done"') == 3
    assert "20%" in html and "66,5%" in html  # the admin's language is Spanish here
    assert "?export=csv" in html

    # The reports menu and the course's header menu lead there.
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("learning_statistics:index") in home
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert detail_url in edit


@pytest.mark.django_db
def test_the_csv_export_opens_in_excel_and_neutralises_formulas(client, course, learners, coordinator):
    course.title = '=HYPERLINK("http://evil.example")'
    course.save_revision().publish()
    client.force_login(coordinator)
    response = client.get(reverse("learning_statistics:course", args=[course.pk]), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][1] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][1] == "5" and rows[3][1] == "1" and rows[4][1] == "20"
    lessons = [row for row in rows if row and row[0] in {"1", "2", "3"}]
    assert [(row[0], row[2], row[4]) for row in lessons] == [
        ("1", "4", "2"),
        ("2", "2", "1"),
        ("3", "1", "0"),
    ]
    assert any(row and row[0] == "¿Qué aprendió?" and row[5] == "66.5" for row in rows)


@pytest.mark.django_db
def test_only_those_with_the_permission_read_the_statistics(client, course, learners):
    url = reverse("learning_statistics:course", args=[course.pk])
    editor = factories.UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    assert client.get(url, {"export": "csv"}).status_code in (302, 403)
    assert (
        reverse("learning_statistics:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    )

    client.force_login(learners["A"])  # a learner without admin access
    assert client.get(url).status_code == 302

    client.logout()
    assert client.get(url).status_code == 302

    coordinator = factories.UserFactory()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    assert coordinator.has_perm("courses.view_learning_statistics")
    assert not editor.has_perm("courses.view_learning_statistics")
