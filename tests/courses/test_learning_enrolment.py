"""Who may enrol is the access policy's decision; every learning action is a signed-in POST with the CSRF
token, on the learner's own progress only."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from courses.access import policy as access
from courses.access import services
from courses.learning import services as learning
from courses.models import AccessLevel, Enrolment, LessonCompletion, QuizAttempt

from .. import factories
from .learning_kit import ONE_RIGHT, authorise, done_url, enrol_url, lessons_of, make_course, quiz_url


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def members_course(tree):
    return make_course(tree.courses, access_level=AccessLevel.MEMBERS)


@pytest.fixture
def priced_course(tree):
    return make_course(tree.courses, access_level=AccessLevel.AUTHORISED, price=Decimal("25.00"))


@pytest.mark.django_db
def test_a_member_enrols_in_a_members_course_and_lands_on_its_first_lesson(client, member, members_course):
    client.force_login(member)
    response = client.post(enrol_url(members_course))
    assert response.status_code == 302 and response.url == lessons_of(members_course)[0].url
    assert Enrolment.objects.filter(user=member, course=members_course).count() == 1

    client.post(enrol_url(members_course))  # again: still one enrolment
    assert Enrolment.objects.filter(user=member).count() == 1


@pytest.mark.django_db
def test_an_external_user_cannot_enrol_in_a_members_course_and_sees_the_next_step(
    client, user, members_course
):
    client.force_login(user)
    response = client.post(enrol_url(members_course), follow=True)
    html = response.content.decode()
    assert not Enrolment.objects.exists()
    assert response.redirect_chain[-1][0] == members_course.url
    assert str(access.NextStep.MEMBERS_ONLY.label) in html and 'class="lock-notice"' in html
    with pytest.raises(learning.NotAllowed) as refusal:
        learning.enrol(user=user, course=members_course)
    assert refusal.value.decision.next_step == access.NextStep.MEMBERS_ONLY


@pytest.mark.django_db
def test_a_locked_course_refuses_progress_too(client, user, members_course):
    client.force_login(user)
    lesson = lessons_of(members_course)[1]
    client.post(done_url(lesson))
    client.post(quiz_url(lesson), ONE_RIGHT)
    assert not Enrolment.objects.exists() and not LessonCompletion.objects.exists()
    assert not QuizAttempt.objects.exists()


@pytest.mark.django_db
def test_a_priced_course_is_enrolled_in_once_bought(client, user, priced_course):
    authorise(user)
    client.force_login(user)

    client.post(enrol_url(priced_course))
    assert not Enrolment.objects.exists()
    assert access.check(user, priced_course).next_step == access.NextStep.BUY

    services.entitlement_grant(user=user, item=priced_course, by=None, source="purchase", reference="ord_1")
    response = client.post(enrol_url(priced_course))
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=user, course=priced_course).exists()


@pytest.mark.django_db
def test_members_do_not_pay_for_a_priced_course(client, member, priced_course):
    client.force_login(member)
    client.post(enrol_url(priced_course))
    assert Enrolment.objects.filter(user=member, course=priced_course).exists()


@pytest.mark.django_db
def test_anyone_signed_in_enrols_in_a_public_course_and_visitors_are_asked_to_log_in(client, tree, user):
    course = make_course(tree.courses)
    html = client.get(course.url).content.decode()
    assert reverse("account_login") in html and enrol_url(course) not in html

    response = client.post(enrol_url(course))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert not Enrolment.objects.exists()

    client.force_login(user)
    assert enrol_url(course) in client.get(course.url).content.decode()
    client.post(enrol_url(course))
    assert Enrolment.objects.filter(user=user, course=course).exists()


@pytest.mark.django_db
def test_marking_a_lesson_done_enrols_the_learner_when_the_policy_allows(client, member, members_course):
    client.force_login(member)
    client.post(done_url(lessons_of(members_course)[0]))
    enrolment = Enrolment.objects.get(user=member, course=members_course)
    assert enrolment.completions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["enrol", "lesson_done", "quiz_submit", "course_complete"])
def test_learning_actions_refuse_get(client, member, members_course, name):
    lesson = lessons_of(members_course)[1]
    urls = {
        "enrol": enrol_url(members_course),
        "lesson_done": done_url(lesson),
        "quiz_submit": quiz_url(lesson),
        "course_complete": reverse("courses:course_complete", kwargs={"course_id": members_course.pk}),
    }
    client.force_login(member)
    assert client.get(urls[name]).status_code == 405
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_learning_actions_need_the_csrf_token(member, members_course):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    lesson = lessons_of(members_course)[0]
    assert client.post(enrol_url(members_course)).status_code == 403
    assert client.post(done_url(lesson)).status_code == 403
    assert not Enrolment.objects.exists()

    # The lesson page's own form carries the token.
    client.get(lesson.url)
    token = client.cookies["csrftoken"].value
    assert client.post(done_url(lesson), {"csrfmiddlewaretoken": token}).status_code == 302
    assert LessonCompletion.objects.filter(enrolment__user=member, lesson=lesson).exists()


@pytest.mark.django_db
def test_a_learner_only_ever_changes_their_own_progress(client, member, members_course):
    other = factories.MembershipFactory().user
    lesson = lessons_of(members_course)[0]
    client.force_login(member)
    # Whatever the form says, the learner is the signed-in user.
    client.post(done_url(lesson), {"user": other.pk, "enrolment": 1})
    assert LessonCompletion.objects.get().enrolment.user == member
    assert not Enrolment.objects.filter(user=other).exists()

    client.force_login(other)
    html = client.get(members_course.url).content.decode()
    assert enrol_url(members_course) in html  # the other member is not enrolled, sees no progress
    assert "1 de 3" not in html


@pytest.mark.django_db
def test_an_unknown_quiz_or_an_unpublished_lesson_is_not_found(client, member, members_course):
    client.force_login(member)
    lesson = lessons_of(members_course)[1]
    url = reverse("courses:quiz_submit", kwargs={"lesson_id": lesson.pk, "block_id": "not-a-quiz"})
    assert client.post(url).status_code == 404
    lesson.unpublish()
    assert client.post(done_url(lesson)).status_code == 404
