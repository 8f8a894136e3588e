"""Progress sent later: lessons marked done and quizzes answered on a device without a connection arrive
later, each with its key and the moment it happened, and count exactly once, resolved with what happened
online in the meantime (courses/learning/sent_later.py; docs/reach.md, "Progress sent later")."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import AccessLevel, Certificate, Enrolment, LearnerAction, LessonCompletion, QuizAttempt
from portal.models import Organisation

from .learning_kit import (
    ONE_RIGHT,
    RIGHT,
    done_url,
    lessons_of,
    make_course,
    quiz_id,
    quiz_url,
    with_quiz_rules,
)


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(tree.courses, lessons=3, quiz_in=(1,), access_level=AccessLevel.MEMBERS)


@pytest.fixture
def learner(client, member):
    """A member for a month now: what they did offline these last days happened while they had an account."""
    member.date_joined = timezone.now() - datetime.timedelta(days=30)
    member.save(update_fields=["date_joined"])
    client.force_login(member)
    return member


def ago(**delta) -> str:
    return (timezone.now() - datetime.timedelta(**delta)).isoformat()


def done(lesson, *, key=None, at=None) -> dict:
    return {
        "key": str(key or uuid.uuid4()),
        "kind": "lesson_done",
        "lesson": lesson.pk,
        "happened_at": at or ago(hours=2),
    }


def answered(lesson, answers, *, key=None, at=None, version=None) -> dict:
    from courses.learning import quizzes
    from courses.learning.services import quiz_of

    block = quiz_id(lesson)
    return {
        "key": str(key or uuid.uuid4()),
        "kind": "quiz",
        "lesson": lesson.pk,
        "block": block,
        "answers": answers,
        "version": version if version is not None else quizzes.version_of(quiz_of(lesson, block)),
        "happened_at": at or ago(hours=1),
    }


def send(client, *actions):
    response = client.post(
        reverse("courses:offline_actions"),
        json.dumps({"actions": list(actions)}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return {result["key"]: result for result in response.json()["results"]}


@pytest.mark.django_db
def test_what_was_done_offline_counts_once_with_the_moment_it_happened(client, learner, course):
    first, second, _third = lessons_of(course)
    marked, quiz = done(first, at=ago(hours=3)), answered(second, RIGHT, at=ago(hours=2))
    results = send(client, marked, quiz)
    assert [results[marked["key"]]["outcome"], results[quiz["key"]]["outcome"]] == ["counted", "counted"]
    assert "100" in results[quiz["key"]]["message"]
    # The same queue again (the answer was lost on the way, the device sends it all once more): nothing more.
    again = send(client, marked, quiz)
    assert again[quiz["key"]]["outcome"] == "counted"
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert QuizAttempt.objects.get(enrolment=enrolment).attempts == 1
    assert (
        LessonCompletion.objects.filter(enrolment=enrolment).count() == 2
    )  # the quiz passed marks its lesson
    assert LearnerAction.objects.filter(user=learner).count() == 2
    completion = LessonCompletion.objects.get(enrolment=enrolment, lesson=first)
    assert abs(
        completion.completed_at - datetime.datetime.fromisoformat(marked["happened_at"])
    ) < datetime.timedelta(seconds=1)


@pytest.mark.django_db
def test_a_form_sent_online_with_a_key_and_then_again_from_the_queue_counts_once(client, learner, course):
    """A weak connection: the form reached the server but its answer never came back; the device kept the
    action and sends it later with the same key."""
    lesson = lessons_of(course)[1]
    key = uuid.uuid4()
    client.post(quiz_url(lesson), {**ONE_RIGHT, "action_key": str(key)})
    results = send(client, answered(lesson, ONE_RIGHT, key=key))
    assert results[str(key)]["outcome"] == "counted"
    assert QuizAttempt.objects.get(block_id=quiz_id(lesson)).attempts == 1


@pytest.mark.django_db
def test_a_lesson_removed_meanwhile_is_not_counted_and_the_reader_is_told(client, learner, course):
    lesson = lessons_of(course)[2]
    action = done(lesson)
    lesson.unpublish()
    result = send(client, action)[action["key"]]
    assert result["outcome"] == "lesson_gone" and not result["counted"]
    assert lesson.title in result["message"]
    assert not LessonCompletion.objects.exists()
    # Kept as it was answered: sent again, the same answer.
    assert send(client, action)[action["key"]]["outcome"] == "lesson_gone"


@pytest.mark.django_db
def test_answers_to_a_quiz_changed_meanwhile_are_not_counted(client, learner, course):
    lesson = lessons_of(course)[1]
    action = answered(lesson, RIGHT)
    body = [dict(item) for item in lesson.body.raw_data]
    for item in body:
        if item["type"] == "quiz":
            item["value"] = {**item["value"], "questions": item["value"]["questions"][::-1]}
    lesson.body = body
    lesson.save_revision().publish()
    result = send(client, action)[action["key"]]
    assert result["outcome"] == "quiz_changed" and not result["counted"]
    assert not QuizAttempt.objects.exists()


@pytest.mark.django_db
def test_a_quiz_passed_online_meanwhile_takes_no_attempt_more(client, learner, course):
    lesson = lessons_of(course)[1]
    offline = answered(lesson, ONE_RIGHT, at=ago(hours=5))
    client.post(quiz_url(lesson), RIGHT)  # on another device, online, in the meantime
    result = send(client, offline)[offline["key"]]
    assert result["outcome"] == "already" and result["counted"]
    attempt = QuizAttempt.objects.get()
    assert (attempt.attempts, attempt.passed, attempt.best_score) == (1, True, 100)


@pytest.mark.django_db
def test_a_course_completed_on_another_device_keeps_its_certificate_as_issued(client, learner, course):
    first, second, third = lessons_of(course)
    offline = done(third, at=ago(days=2))
    client.post(done_url(first))
    client.post(quiz_url(second), RIGHT)
    client.post(done_url(second))
    client.post(done_url(third))  # completed online: the certificate is issued
    certificate = Certificate.objects.get()
    result = send(client, offline)[offline["key"]]
    assert result["outcome"] == "already"
    assert Certificate.objects.get() == certificate
    assert Certificate.objects.get().completed_on == certificate.completed_on


@pytest.mark.django_db
def test_a_course_completed_by_progress_sent_later_is_completed_when_it_was_done(client, learner, course):
    first, second, third = lessons_of(course)
    moments = [ago(days=3), ago(days=3, hours=-1), ago(days=3, hours=-2)]
    send(
        client, done(first, at=moments[0]), answered(second, RIGHT, at=moments[1]), done(third, at=moments[2])
    )
    enrolment = Enrolment.objects.get()
    assert enrolment.completed_at is not None
    assert abs(enrolment.completed_at - datetime.datetime.fromisoformat(moments[2])) < datetime.timedelta(
        seconds=1
    )
    assert Certificate.objects.get().completed_on == timezone.localtime(enrolment.completed_at).date()


@pytest.mark.django_db
def test_progress_sent_after_access_ended_is_refused_and_what_was_earned_stays(client, learner, course):
    first, second, _third = lessons_of(course)
    send(client, done(first))
    Organisation.objects.update(status=Organisation.Status.LAPSED)
    late = done(second)
    result = send(client, late)[late["key"]]
    assert result["outcome"] == "not_allowed" and not result["counted"]
    assert LessonCompletion.objects.filter(lesson=first).exists()
    assert not LessonCompletion.objects.filter(lesson=second).exists()


@pytest.mark.django_db
def test_the_quiz_rules_count_attempts_made_offline_at_the_time_they_were_made(client, learner, course):
    lesson = with_quiz_rules(lessons_of(course)[1], max_attempts=2, wait_minutes=60)
    # Offline, at 9:00 and 9:30: the second came before the wait was over.
    first = answered(lesson, ONE_RIGHT, at=ago(hours=3))
    too_soon = answered(lesson, ONE_RIGHT, at=ago(hours=2, minutes=30))
    results = send(client, first, too_soon)
    assert results[first["key"]]["outcome"] == "counted"
    assert results[too_soon["key"]]["outcome"] == "refused"
    # Later, at 11:00 (after the wait): counted, and then the quiz's two attempts are used.
    later = answered(lesson, ONE_RIGHT, at=ago(hours=1))
    assert send(client, later)[later["key"]]["outcome"] == "counted"
    one_more = answered(lesson, RIGHT, at=ago(minutes=1))
    assert send(client, one_more)[one_more["key"]]["outcome"] == "refused"
    assert QuizAttempt.objects.get().attempts == 2


@pytest.mark.django_db
def test_an_attempt_made_offline_before_one_made_online_does_not_wait_and_does_not_replace_the_last_answers(
    client, learner, course
):
    lesson = with_quiz_rules(lessons_of(course)[1], wait_minutes=60)
    offline = answered(lesson, RIGHT, at=ago(minutes=50))  # before the online attempt below
    client.post(quiz_url(lesson), ONE_RIGHT)
    result = send(client, offline)[offline["key"]]
    assert result["outcome"] == "counted"
    attempt = QuizAttempt.objects.get()
    assert (attempt.attempts, attempt.passed, attempt.best_score, attempt.last_score) == (2, True, 100, 33)


@pytest.mark.django_db
def test_a_moment_in_the_future_counts_as_the_arrival(client, learner, course):
    lesson = lessons_of(course)[0]
    send(client, done(lesson, at=(timezone.now() + datetime.timedelta(days=300)).isoformat()))
    assert LessonCompletion.objects.get().completed_at <= timezone.now()


@pytest.mark.django_db
def test_someone_elses_key_changes_nothing_and_says_nothing(client, learner, course, member):
    lesson = lessons_of(course)[0]
    action = done(lesson)
    send(client, action)
    from tests import factories

    stranger = factories.MembershipFactory().user
    client.force_login(stranger)
    result = send(client, action)[action["key"]]
    assert not result["counted"] and lesson.title not in result["message"]
    assert not Enrolment.objects.filter(user=stranger).exists()


@pytest.mark.django_db
def test_what_cannot_be_read_is_answered_and_nothing_else_is_lost(client, learner, course):
    lesson = lessons_of(course)[0]
    good = done(lesson)
    results = send(client, {"key": "not-a-key", "kind": "lesson_done"}, {"kind": "dance"}, good)
    assert results["not-a-key"]["outcome"] == "unreadable"
    assert results[good["key"]]["outcome"] == "counted"
    response = client.post(reverse("courses:offline_actions"), "{", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]


@pytest.mark.django_db
def test_a_visitor_and_a_request_without_its_form_token_are_refused(client, course):
    lesson = lessons_of(course)[0]
    payload = json.dumps({"actions": [done(lesson)]})
    response = client.post(reverse("courses:offline_actions"), payload, content_type="application/json")
    assert response.status_code == 401
    from django.test import Client

    from tests import factories

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(factories.MembershipFactory().user)
    response = strict.post(reverse("courses:offline_actions"), payload, content_type="application/json")
    assert response.status_code == 403
    assert not LearnerAction.objects.exists()
