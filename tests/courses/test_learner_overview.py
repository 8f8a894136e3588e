"""What a learner sees of their own progress, everywhere it is shown: one measure (lessons completed, a quiz
being a step of its lesson), a clear state for a completed course that has grown since, the course's
outline on each lesson, "Continue learning" on the home page and their state on the catalogue's cards."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses.models import AccessLevel, Certificate
from portal.models import AccessRequest
from portal.speed import page_cache

from .. import factories
from .learning_kit import RIGHT, done_url, enrol_url, finish, lessons_of, make_course, quiz_url

INVITATION = "regístrese y solicite la autorización desde su cuenta"


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def course(tree):
    return make_course(
        tree.courses,
        lessons=3,
        quiz_in=(1,),
        title="Gobernanza cooperativa",
        access_level=AccessLevel.MEMBERS,
    )


@pytest.fixture
def home(tree):
    tree.home.body = "<p>Cla@se reúne los cursos de la Red.</p>"
    tree.home.visitor_invitation = f"<p>Muchos materiales son de acceso libre: {INVITATION}.</p>"
    tree.home.save_revision().publish()
    return tree.home


def text_of(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- one measure ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_percentage_and_the_words_count_the_same_lessons(client, member, course):
    first, second, _third = lessons_of(course)
    client.force_login(member)
    client.post(done_url(first))

    page = client.get(course.url).content.decode()
    assert 'value="33" max="100"' in page  # 1 of 3 lessons, not 1 of 4 "steps"
    assert "33% · 1 de 3 lecciones completadas" in text_of(client.get(course.url))

    client.post(done_url(second))  # marked done, but its quiz is not passed: the lesson is not completed
    words = text_of(client.get(second.url))
    assert "33% · 1 de 3 lecciones completadas" in words
    assert "0 de 1 cuestionario aprobado" in words

    client.post(quiz_url(second), RIGHT)
    assert "66% · 2 de 3 lecciones completadas" in text_of(client.get(course.url))


@pytest.mark.django_db
def test_a_completed_course_with_a_new_lesson_says_so_and_keeps_its_certificate(client, member, course):
    member.full_name = "Ana Quispe"
    member.save()
    client.force_login(member)
    finish(client, course)
    certificate = Certificate.objects.get(user=member, course=course)
    factories.LessonPageFactory(parent=course, title="Lección añadida")

    words = text_of(client.get(course.url))
    completed_on = f"Completó este curso el {certificate.completed_on.day}"
    assert completed_on in words and "hay 1 lección nueva" in words
    assert "75% · 3 de 4 lecciones completadas" in words
    assert "Completaste este curso" not in words
    html = client.get(course.url).content.decode()
    assert reverse("courses:certificate_download", kwargs={"code": certificate.display_code}) in html
    new = lessons_of(course)[-1]
    assert f'href="{new.url}"' in html.split('id="progress"', 1)[1].split("</section>", 1)[0]

    my_learning = text_of(client.get(reverse("courses:my_learning")))
    assert "hay 1 lección nueva" in my_learning


# --- the course's outline on each lesson -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_lesson_shows_the_whole_course_with_done_marks_and_where_you_are(client, member, course):
    first, second, third = lessons_of(course)
    client.force_login(member)
    client.post(done_url(first))

    html = client.get(second.url).content.decode()
    outline = html.split('<details class="course-outline"', 1)[1].split("</details>", 1)[0]
    assert "<summary" in outline and "Lección 2 de 3" in outline
    for lesson in (first, second, third):
        assert lesson.title in outline
    assert re.search(rf'<li class="completed"[^>]*>\s*<a href="{first.url}"', outline)
    assert re.search(rf'<a href="{second.url}" aria-current="page"', outline)
    assert "cuestionario" in outline  # the quiz is stated as a step of its lesson


@pytest.mark.django_db
def test_a_visitor_sees_the_outline_of_a_public_course_without_marks(client, tree):
    course = make_course(tree.courses, lessons=2, quiz_in=())
    first, second = lessons_of(course)

    html = client.get(first.url).content.decode()

    outline = html.split('<details class="course-outline"', 1)[1].split("</details>", 1)[0]
    assert second.title in outline and 'class="completed"' not in outline


# --- the home page ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_members_home_shows_continue_learning_and_not_the_visitors_invitation(client, home, member, tree):
    started = make_course(tree.courses, lessons=3, quiz_in=(), title="Comercialización")
    first, second, _third = lessons_of(started)
    done = make_course(tree.courses, lessons=1, quiz_in=(), title="Curso terminado")
    client.force_login(member)
    client.post(done_url(first))
    finish(client, done)

    response = client.get(home.url)
    words = text_of(response)
    assert INVITATION not in words
    assert "Continuar aprendiendo" in words
    section = response.content.decode().split('id="continue-learning"', 1)[1].split("</section>", 1)[0]
    assert f'href="{second.url}"' in section and "Comercialización" in section
    assert "1 de 3 lecciones completadas" in text_of(response)
    assert "Curso terminado" not in section


@pytest.mark.django_db
def test_a_visitors_home_keeps_the_invitation_and_stays_stored(client, home):
    first = client.get(home.url)
    assert INVITATION in text_of(first) and "Continuar aprendiendo" not in text_of(first)
    assert client.get(home.url).get(page_cache.HIT_HEADER) == "hit"


@pytest.mark.django_db
def test_a_signed_in_external_is_shown_their_own_next_step(client, home, user):
    client.force_login(user)
    words = text_of(client.get(home.url))
    assert INVITATION not in words
    assert reverse("portal:request_authorisation") in client.get(home.url).content.decode()

    AccessRequest.objects.create(
        user=user,
        organisation="Fondo",
        country="PE",
        role="Analista",
        purpose="Formación",
        accepted_terms=True,
    )
    words = text_of(client.get(home.url))
    assert "Su solicitud de autorización espera una decisión" in words
    assert reverse("portal:request_authorisation") not in client.get(home.url).content.decode()

    AccessRequest.objects.filter(user=user).update(status=AccessRequest.Status.APPROVED)
    words = text_of(client.get(home.url))
    assert "espera una decisión" not in words and INVITATION not in words
    assert reverse("portal:request_authorisation") not in client.get(home.url).content.decode()


# --- the catalogue's cards --------------------------------------------------------------------------------


def card_of(html: str, title: str) -> str:
    for card in html.split('<article class="card">')[1:]:
        if f">{title}</a>" in card:
            return card.split("</article>", 1)[0]
    raise AssertionError(f"no card for {title}")


@pytest.mark.django_db
def test_catalogue_cards_show_the_readers_own_state(client, tree, member, course):
    done = make_course(tree.courses, lessons=1, quiz_in=(), title="Curso terminado")
    untouched = make_course(tree.courses, lessons=2, quiz_in=(), title="Curso sin empezar")
    client.force_login(member)
    client.post(done_url(lessons_of(course)[0]))
    finish(client, done)

    for _round in range(2):  # the second round reads the cards kept in memory
        html = client.get(tree.courses.url).content.decode()
        assert "Inscrito · 33% · 1 de 3 lecciones completadas" in text_of_html(card_of(html, course.title))
        assert "Completado" in text_of_html(card_of(html, done.title))
        assert "Inscrito" not in card_of(html, untouched.title)

    client.logout()
    visitor = client.get(tree.courses.url).content.decode()
    assert "Inscrito" not in visitor and "Completado" not in visitor


def text_of_html(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_the_home_cards_show_the_readers_state_too(client, home, member, course):
    client.force_login(member)
    client.post(enrol_url(course))
    html = client.get(home.url).content.decode()
    assert "Inscrito · 0% · 0 de 3 lecciones completadas" in text_of_html(card_of(html, course.title))


def warm_queries(client, url) -> int:
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_a_learners_home_and_catalogue_cost_the_same_with_3_and_30_enrolled_courses(
    client, home, tree, member
):
    def enrol_in(count, start):
        for number in range(start, start + count):
            course = make_course(tree.courses, lessons=3, quiz_in=(1,), title=f"Curso {number:02}")
            client.post(done_url(lessons_of(course)[0]))
        page_cache.new_generation()

    client.force_login(member)
    enrol_in(3, 0)
    small = {url: warm_queries(client, url) for url in (home.url, tree.courses.url)}
    enrol_in(27, 3)
    large = {url: warm_queries(client, url) for url in (home.url, tree.courses.url)}

    assert large == small
    assert small[tree.courses.url] <= 3  # the reader with the policy's facts, the live ids, their courses
    assert client.get(tree.courses.url).content.decode().count('class="card-learning') == 12  # a full page
