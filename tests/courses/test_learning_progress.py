"""Progress through a course: lessons in order, quizzes with feedback and retries, resuming, completion,
and a course edited or shortened under the learners' feet."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.rich_text import RichText

from courses.learning import progress as learning_progress
from courses.models import AccessLevel, Certificate, CoursePage, Enrolment, LessonPage, QuizAttempt

from .. import factories
from .learning_kit import (
    ONE_RIGHT,
    RIGHT,
    TWO_RIGHT,
    done_url,
    enrol_url,
    finish,
    lessons_of,
    make_course,
    quiz_id,
    quiz_url,
)


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(tree.courses, lessons=3, quiz_in=(1,), access_level=AccessLevel.MEMBERS)


@pytest.fixture
def learner(client, member, course):
    client.force_login(member)
    client.post(enrol_url(course))
    return member


def state(user, course):
    """The learner's state as the next page view reads it (the course loaded afresh, as a request does)."""
    return learning_progress.learner_state(user, CoursePage.objects.get(pk=course.pk))


@pytest.mark.django_db
def test_marking_a_lesson_done_moves_on_to_the_next_lesson(client, learner, course):
    first, second, third = lessons_of(course)
    response = client.post(done_url(first))
    assert response.status_code == 302 and response.url == second.url
    assert client.post(done_url(third)).url == second.url  # the last lesson: back to the first unfinished
    assert state(learner, course).progress.done == {first.pk, third.pk}


@pytest.mark.django_db
def test_a_failed_quiz_shows_the_score_and_can_be_retried_until_passed(client, learner, course):
    lesson = lessons_of(course)[1]
    block = quiz_id(lesson)

    response = client.post(quiz_url(lesson), ONE_RIGHT)
    assert response.status_code == 302 and response.url == f"{lesson.url}#quiz-{block}"
    html = client.get(lesson.url).content.decode()
    assert 'class="quiz-result failed"' in html and "33%" in html
    assert 'value="1" checked' in html  # the answers given are shown with the result
    assert 'class="choice correct' not in html  # right answers are not given away before passing
    assert "La asamblea es la máxima autoridad." not in html  # nor the explanations

    client.post(quiz_url(lesson), RIGHT)
    attempt = QuizAttempt.objects.get(block_id=block)
    assert (attempt.attempts, attempt.best_score, attempt.last_score, attempt.passed) == (2, 100, 100, True)

    client.post(quiz_url(lesson), ONE_RIGHT)  # once passed, a quiz takes no more attempts
    attempt.refresh_from_db()
    assert (attempt.attempts, attempt.best_score, attempt.last_score, attempt.passed) == (2, 100, 100, True)
    html = client.get(lesson.url).content.decode()
    assert 'class="quiz quiz-passed"' in html and 'class="choice correct' in html
    assert html.count('class="question right"') == 3 and "La asamblea es la máxima autoridad." in html


@pytest.mark.django_db
def test_passing_the_quizzes_of_a_lesson_marks_it_done(client, learner, course):
    lesson = lessons_of(course)[1]
    client.post(quiz_url(lesson), ONE_RIGHT)
    assert lesson.pk not in state(learner, course).progress.done
    client.post(quiz_url(lesson), TWO_RIGHT)
    progress = state(learner, course).progress
    assert lesson.pk in progress.done and progress.quizzes_passed == 1


@pytest.mark.django_db
def test_the_course_and_lesson_pages_show_progress_and_resume(client, learner, course):
    first, second, _third = lessons_of(course)
    client.post(done_url(first))
    client.post(done_url(second))  # done, but its quiz is not passed yet

    html = client.get(course.url).content.decode()
    assert 'value="33" max="100"' in html  # the second lesson is completed once its quiz is passed
    assert "1 de 3 lecciones completadas" in html and "0 de 1 cuestionario" in html
    assert f'href="{second.url}">Continuar: {second.title}' in html
    assert html.count('class="done"') >= 1

    lesson_html = client.get(second.url).content.decode()
    assert 'class="progress compact"' in lesson_html and 'value="33" max="100"' in lesson_html
    assert done_url(second) not in lesson_html  # already marked done: its quiz is what is left

    assert state(learner, course).resume == second


@pytest.mark.django_db
def test_completing_everything_completes_the_course_once(
    client, learner, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)
        finish(client, course)  # again: nothing new
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(user=learner, course=course)
    html = client.get(course.url).content.decode()
    assert reverse("courses:certificate_download", kwargs={"code": certificate.display_code}) in html
    assert 'value="100" max="100"' in html


@pytest.mark.django_db
def test_without_every_quiz_passed_the_course_is_not_complete(client, learner, course):
    for lesson in lessons_of(course):
        client.post(done_url(lesson))
    client.post(quiz_url(lessons_of(course)[1]), ONE_RIGHT)
    assert not Certificate.objects.exists()
    assert Enrolment.objects.get(user=learner).completed_at is None
    response = client.post(reverse("courses:course_complete", kwargs={"course_id": course.pk}))
    assert response.status_code == 302 and not Certificate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("removal", ["unpublish", "delete"])
def test_a_removed_lesson_stops_counting_toward_completion(client, learner, course, removal):
    first, second, third = lessons_of(course)
    client.post(done_url(first))
    client.post(quiz_url(second), RIGHT)
    assert state(learner, course).progress.lessons_total == 3 and not Certificate.objects.exists()

    if removal == "unpublish":
        third.unpublish()
    else:
        third.delete()

    progress = state(learner, course).progress
    assert (progress.lessons_done, progress.lessons_total, progress.is_complete) == (2, 2, True)
    html = client.get(course.url).content.decode()
    complete = reverse("courses:course_complete", kwargs={"course_id": course.pk})
    assert complete in html  # "Get my certificate"
    client.post(complete)
    assert Certificate.objects.filter(user=learner, course=course).exists()


@pytest.mark.django_db
def test_a_removed_quiz_stops_counting_and_a_new_lesson_starts_counting(client, learner, course):
    first, second, third = lessons_of(course)
    for lesson in (first, second, third):
        client.post(done_url(lesson))
    second = LessonPage.objects.get(pk=second.pk)
    del second.body[[block.block_type for block in second.body].index("quiz")]
    second.save_revision().publish()
    assert state(learner, course).progress.quizzes_total == 0
    assert state(learner, course).progress.is_complete

    factories.LessonPageFactory(parent=course, title="Lección nueva")
    progress = state(learner, course).progress
    assert (progress.lessons_done, progress.lessons_total) == (3, 4) and not progress.is_complete


@pytest.mark.django_db
def test_editing_a_published_course_keeps_progress(client, learner, course):
    first, second, _third = lessons_of(course)
    client.post(done_url(first))
    client.post(quiz_url(second), RIGHT)
    block = quiz_id(second)

    # An editor rewrites the lesson with the quiz and publishes a new revision; the course is edited too.
    second = LessonPage.objects.get(pk=second.pk)
    second.title = "Lección 2, revisada"
    second.body.insert(0, ("text", RichText("<p>Un párrafo nuevo.</p>")))
    second.save_revision().publish()
    course.title = "Curso revisado"
    course.save_revision().publish()

    assert quiz_id(second) == block  # a block keeps its id from one revision to the next
    progress = state(learner, course).progress
    assert progress.done == {first.pk, second.pk} and progress.passed == {block}


@pytest.mark.django_db
def test_my_learning_lists_courses_in_progress_completed_and_certificates(
    client, learner, course, tree, django_capture_on_commit_callbacks
):
    other = make_course(tree.courses, lessons=2, quiz_in=(), title="Comercialización")
    client.post(done_url(lessons_of(other)[0]))
    with django_capture_on_commit_callbacks(execute=True):
        finish(client, course)

    response = client.get(reverse("courses:my_learning"))
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    in_progress = html[html.index('id="in-progress"') : html.index('id="completed"')]
    completed = html[html.index('id="completed"') : html.index('id="certificates"')]
    certificates = html[html.index('id="certificates"') :]
    second = lessons_of(other)[1]
    assert "Comercialización" in in_progress and f'href="{second.url}"' in in_progress
    assert course.title in completed and course.title not in in_progress
    code = Certificate.objects.get().display_code
    assert (
        code in certificates and reverse("courses:certificate_verify", kwargs={"code": code}) in certificates
    )

    assert reverse("courses:my_learning") in client.get(reverse("portal:account")).content.decode()


@pytest.mark.django_db
def test_my_learning_is_for_signed_in_users(client):
    response = client.get(reverse("courses:my_learning"))
    assert response.status_code == 302 and reverse("account_login") in response.url
