"""Quizzes a learner answers for real: an incomplete form is sent back (nothing counted), "answer again"
opens an empty form (nothing counted), and the editor's attempt rules (most attempts, a wait between
attempts, what a failed attempt shows) are kept by the server, not only by the page."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import AccessLevel, Enrolment, QuizAttempt

from .learning_kit import (
    ONE_RIGHT,
    RIGHT,
    enrol_url,
    lessons_of,
    make_course,
    quiz_id,
    quiz_url,
    with_quiz_rules,
)


@pytest.fixture(autouse=True)
def spanish():
    """Addresses reversed here carry the Spanish prefix, whatever language an earlier test left active."""
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(tree.courses, lessons=2, quiz_in=(1,), access_level=AccessLevel.MEMBERS)


@pytest.fixture
def lesson(course):
    return lessons_of(course)[1]


@pytest.fixture
def learner(client, member, course):
    client.force_login(member)
    client.post(enrol_url(course))
    return member


def quiz_html(client, url) -> str:
    """The quiz section of the lesson page as the learner sees it."""
    html = client.get(url).content.decode()
    start = html.index('<section class="quiz')
    return html[start : html.index("</section>", start)]


def flashed(response) -> str:
    """The message the redirect left for the next page (the lesson page shows it at the top)."""
    return " ".join(str(message) for message in response.wsgi_request._messages)


def checked(html: str) -> set[tuple[str, str]]:
    return set(re.findall(r'name="(q\d)" value="(\d)" checked', html))


def attempts(block) -> int:
    record = QuizAttempt.objects.filter(block_id=block).first()
    return record.attempts if record else 0


# --- point 4: attempts the learner never made -------------------------------------------------------------


@pytest.mark.django_db
def test_a_quiz_sent_with_questions_unanswered_is_refused_with_the_answers_kept_and_nothing_counted(
    client, learner, lesson
):
    block = quiz_id(lesson)

    response = client.post(quiz_url(lesson), {"q0": ["1"]})

    assert response.status_code == 302 and response.url == f"{lesson.url}#quiz-{block}"
    assert not QuizAttempt.objects.exists()  # no failed attempt recorded
    quiz = quiz_html(client, lesson.url)
    assert 'role="alert"' in quiz and "Quedan 2 preguntas sin responder" in quiz  # at the top of the quiz
    assert quiz.count("Responda esta pregunta.") == 2  # at each unanswered question
    assert quiz.count('class="question unanswered"') == 2
    assert checked(quiz) == {("q0", "1")}  # the answer already given is kept
    assert "Comprobar mis respuestas" in quiz  # the same form, to finish

    # Sent again complete, the attempt counts once.
    client.post(quiz_url(lesson), RIGHT)
    assert attempts(block) == 1


@pytest.mark.django_db
def test_a_quiz_sent_empty_is_refused_for_a_learner_not_yet_enrolled(client, member, course, lesson):
    client.force_login(member)

    client.post(quiz_url(lesson), {})

    assert not QuizAttempt.objects.exists() and not Enrolment.objects.exists()
    assert "Quedan 3 preguntas sin responder" in quiz_html(client, lesson.url)


@pytest.mark.django_db
def test_answering_again_opens_an_empty_form_and_counts_nothing(client, learner, lesson):
    block = quiz_id(lesson)
    client.post(quiz_url(lesson), ONE_RIGHT)

    # After a failed attempt the page shows the result and the answers given, with nothing to send.
    quiz = quiz_html(client, lesson.url)
    assert "<form" not in quiz and 'type="submit"' not in quiz
    assert checked(quiz) == {("q0", "0"), ("q1", "1"), ("q2", "2")}
    again = re.search(r'<a class="button" href="([^"]+)">Responder de nuevo</a>', quiz)
    assert again is not None

    # "Answer again" is a link: following it (twice, even) records nothing and gives an empty form.
    client.get(again.group(1).replace("&amp;", "&"))
    quiz = quiz_html(client, again.group(1).replace("&amp;", "&"))
    assert attempts(block) == 1
    assert "<form" in quiz and checked(quiz) == set() and "Comprobar mis respuestas" in quiz

    client.post(quiz_url(lesson), RIGHT)
    assert attempts(block) == 2 and QuizAttempt.objects.get(block_id=block).passed


@pytest.mark.django_db
def test_a_passed_quiz_takes_no_more_attempts(client, learner, lesson):
    block = quiz_id(lesson)
    client.post(quiz_url(lesson), RIGHT)

    response = client.post(quiz_url(lesson), ONE_RIGHT)

    record = QuizAttempt.objects.get(block_id=block)
    assert (record.attempts, record.last_score, record.passed) == (1, 100, True)
    assert "Ya aprobó este cuestionario" in flashed(response)
    quiz = quiz_html(client, lesson.url)
    assert "<form" not in quiz and "Responder de nuevo" not in quiz
    assert 'class="choice correct' in quiz and "La asamblea es la máxima autoridad." in quiz


# --- point 5: passing by trial and error -----------------------------------------------------------------


@pytest.mark.django_db
def test_an_existing_quiz_shows_the_score_only_after_a_failed_attempt_unless_the_editor_shows_more(
    client, learner, lesson
):
    """A quiz saved before the attempt rules existed: unlimited attempts, no wait, the score only."""
    block = quiz_id(lesson)
    for _ in range(4):
        client.post(quiz_url(lesson), ONE_RIGHT)
    assert attempts(block) == 4

    quiz = quiz_html(client, lesson.url)
    assert "33%" in quiz and "1 de 3 correctas" in quiz
    assert 'class="question right"' not in quiz and 'class="question wrong"' not in quiz
    assert "La asamblea es la máxima autoridad." not in quiz  # explanations wait for the pass
    assert 'class="choice correct' not in quiz
    assert "Responder de nuevo" in quiz and "intentos de" not in quiz  # nothing to count down

    # The editor may choose to show which questions were wrong, still without the right options.
    with_quiz_rules(lesson, failed_feedback="questions")
    quiz = quiz_html(client, lesson.url)
    assert quiz.count('class="question right"') == 1 and quiz.count('class="question wrong"') == 2
    assert 'class="choice correct' not in quiz


@pytest.mark.django_db
def test_attempts_beyond_the_limit_are_refused_and_the_page_counts_them_down(client, learner, lesson):
    lesson = with_quiz_rules(lesson, max_attempts=2)
    block = quiz_id(lesson)
    assert "Le quedan 2 intentos de 2." in quiz_html(client, lesson.url)  # told before the first

    response = client.post(quiz_url(lesson), ONE_RIGHT)
    assert "Le queda 1 intento de 2." in flashed(response)
    assert "Le queda 1 intento de 2." in quiz_html(client, lesson.url)

    response = client.post(quiz_url(lesson), ONE_RIGHT)
    assert "Ha usado los 2 intentos" in flashed(response)
    quiz = quiz_html(client, lesson.url)
    assert "Ha usado los 2 intentos que permite este cuestionario." in quiz and "coordinación" in quiz
    assert "<form" not in quiz and "Responder de nuevo" not in quiz

    # A client that posts anyway, even the right answers, is refused and nothing is recorded.
    response = client.post(quiz_url(lesson), RIGHT)
    record = QuizAttempt.objects.get(block_id=block)
    assert (record.attempts, record.best_score, record.passed) == (2, 33, False)
    assert "Ha usado los 2 intentos" in flashed(response)

    # The coordination allows one more attempt: the learner may answer again.
    lesson = with_quiz_rules(lesson, max_attempts=3)
    assert "Le queda 1 intento de 3." in quiz_html(client, lesson.url)
    client.post(quiz_url(lesson), RIGHT)
    assert QuizAttempt.objects.get(block_id=block).passed


@pytest.mark.django_db
def test_the_wait_between_attempts_is_kept_by_the_server_and_said_in_minutes(client, learner, lesson):
    lesson = with_quiz_rules(lesson, wait_minutes=10)
    block = quiz_id(lesson)
    assert "Entre un intento y el siguiente debe esperar 10 minutos." in quiz_html(client, lesson.url)

    response = client.post(quiz_url(lesson), ONE_RIGHT)
    assert "Podrá intentarlo de nuevo en 10 minutos." in flashed(response)
    quiz = quiz_html(client, lesson.url)
    assert "Podrá intentarlo de nuevo en 10 minutos." in quiz and "Responder de nuevo" not in quiz

    response = client.post(quiz_url(lesson), RIGHT)  # too early: refused, nothing recorded
    assert attempts(block) == 1 and not QuizAttempt.objects.get(block_id=block).passed
    assert "Podrá intentarlo de nuevo en 10 minutos." in flashed(response)

    # In Portuguese, the same refusal in the reader's language.
    with translation.override("pt"):
        response = client.post(quiz_url(lesson), RIGHT)
    assert "Você poderá tentar de novo em 10 minutos." in flashed(response) and attempts(block) == 1

    # Four minutes later: six to go. Eleven minutes later: the next attempt counts.
    QuizAttempt.objects.update(last_attempted_at=timezone.now() - datetime.timedelta(minutes=4))
    assert "Podrá intentarlo de nuevo en 6 minutos." in quiz_html(client, lesson.url)
    QuizAttempt.objects.update(last_attempted_at=timezone.now() - datetime.timedelta(minutes=11))
    assert "Responder de nuevo" in quiz_html(client, lesson.url)
    client.post(quiz_url(lesson), RIGHT)
    assert attempts(block) == 2 and QuizAttempt.objects.get(block_id=block).passed


@pytest.mark.django_db
def test_the_quiz_block_offers_the_attempt_rules_to_editors_in_their_language(client, tree, lesson):
    from django.contrib.auth.models import Group
    from wagtail.users.models import UserProfile

    from portal.roles import EDITORS

    from .. import factories

    editor = factories.UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS))
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()

    for label in (
        "Número máximo de intentos",
        "Déjelo en blanco para permitir intentos ilimitados.",
        "Espera entre intentos (minutos)",
        "Tras un intento no aprobado, mostrar",
        "Solo la puntuación",
        "La puntuación y qué preguntas fueron incorrectas",
    ):
        assert json.dumps(label)[1:-1] in html or label in html, label
