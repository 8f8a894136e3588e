"""What a member sees of the courses assigned to them under "My learning": first, the soonest due first,
with the due date and the organisation that assigned it, overdue marked; started from there (assigning
enrols nobody); gone when their membership ends."""

import datetime

import pytest
from django.utils import timezone, translation

from courses.learning import services as learning
from courses.models import AccessLevel, Assignment, Enrolment
from portal.models import Membership

from .. import factories
from .assignment_kit import member_of
from .learning_kit import lessons_of, make_course

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def cooperative():
    return factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")


@pytest.fixture
def ana(cooperative):
    return member_of(cooperative, full_name="Ana Condori")


@pytest.fixture
def courses(tree):
    return {
        title: make_course(tree.courses, title=title, access_level=AccessLevel.MEMBERS)
        for title in ("Gobernanza cooperativa", "Comercio justo", "Cambio climático", "Contabilidad básica")
    }


def page_of(client, user) -> str:
    client.force_login(user)
    response = client.get("/es/account/learning/")
    assert response.status_code == 200
    return response.content.decode()


def test_assigned_courses_come_first_the_soonest_due_first_with_their_dates_and_organisation(
    client, cooperative, ana, courses
):
    learning.lesson_complete(user=ana, lesson=lessons_of(courses["Contabilidad básica"])[0])  # her own course
    Assignment.objects.create(organisation=cooperative, course=courses["Comercio justo"])  # no due date
    Assignment.objects.create(
        organisation=cooperative,
        course=courses["Gobernanza cooperativa"],
        due_on=TODAY + datetime.timedelta(days=30),
    )
    Assignment.objects.create(
        organisation=cooperative,
        course=courses["Cambio climático"],
        due_on=TODAY - datetime.timedelta(days=2),
    )
    page = page_of(client, ana)
    assigned = page.index("Cursos asignados")
    order = [page.index(title) for title in ("Cambio climático", "Gobernanza cooperativa", "Comercio justo")]
    assert assigned < order[0] < order[1] < order[2] < page.index("Cursos en progreso")
    assert page.index("Cursos en progreso") < page.index("Contabilidad básica")
    assert page.count("Asignado por Cooperativa Café Sierra Nevada") == 3
    overdue = page[order[0] : order[1]]
    assert "Vencido" in overdue and "Fecha límite:" in overdue
    due = (TODAY + datetime.timedelta(days=30)).strftime("%Y")
    assert "Fecha límite:" in page[order[1] : order[2]] and due in page[order[1] : order[2]]
    assert "Vencido" not in page[order[1] :]
    assert not Enrolment.objects.filter(course__in=[c.pk for c in courses.values()][:3]).exists()


def test_a_member_starts_an_assigned_course_from_my_learning_and_sees_their_progress_there(
    client, cooperative, ana, courses
):
    course = courses["Gobernanza cooperativa"]
    Assignment.objects.create(organisation=cooperative, course=course)
    page = page_of(client, ana)
    assert f'action="/es/learning/courses/{course.pk}/enrol/"' in page and "Empezar el curso" in page
    response = client.post(f"/es/learning/courses/{course.pk}/enrol/")
    assert response.status_code == 302 and response.url == lessons_of(course)[0].url
    learning.lesson_complete(user=ana, lesson=lessons_of(course)[0])
    page = page_of(client, ana)
    assigned = page[page.index("Cursos asignados") : page.index("Cursos en progreso")]
    assert "1 de 3 lecciones completadas" in assigned and "Continuar" in assigned
    # shown once: among the assigned courses, not again among the courses in progress
    assert page.count("Gobernanza cooperativa</a>") == 1


def test_an_assigned_course_completed_shows_as_completed_and_never_overdue(client, cooperative, ana, courses):
    course = courses["Gobernanza cooperativa"]
    Assignment.objects.create(
        organisation=cooperative, course=course, due_on=TODAY - datetime.timedelta(days=1)
    )
    learning.enrol(user=ana, course=course)
    Enrolment.objects.filter(user=ana).update(completed_at=timezone.now())
    page = page_of(client, ana)
    assigned = page[page.index("Cursos asignados") : page.index("Cursos en progreso")]
    assert "Completó este curso el" in assigned and "Vencido" not in assigned


def test_chosen_members_only_see_it_and_a_member_who_left_no_longer_does(client, cooperative, ana, courses):
    luis = member_of(cooperative, full_name="Luis Mamani")
    assignment = Assignment.objects.create(
        organisation=cooperative, course=courses["Comercio justo"], for_everyone=False
    )
    assignment.chosen.create(user=luis)
    assert "Cursos asignados" not in page_of(client, ana)
    assert "Comercio justo" in page_of(client, luis)
    Membership.objects.filter(user=luis).update(ended_at=TODAY)
    assert "Cursos asignados" not in page_of(client, luis)


def test_a_course_assigned_in_spanish_and_taken_in_portuguese_shows_the_portuguese_progress(
    client, cooperative, ana, courses, locales
):
    course = courses["Gobernanza cooperativa"]
    Assignment.objects.create(organisation=cooperative, course=course)
    portuguese = course.copy_for_translation(locales["pt"], copy_parents=True)
    portuguese.title = "Governança cooperativa"
    portuguese.save_revision().publish()
    learning.enrol(user=ana, course=portuguese)
    page = page_of(client, ana)
    assigned = page[page.index("Cursos asignados") : page.index("Cursos en progreso")]
    assert "Governança cooperativa" in assigned and "Gobernanza cooperativa" not in page
