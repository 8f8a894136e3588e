"""Assigned courses, as the organisation's manager runs them: assign a course to all members or to some, with
an optional due date; see how many are covered, enrolled and completed; change or take it back. Only the
organisation's managers and the coordinators reach these screens."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from courses.models import AccessLevel, AssignedMember, Assignment, Enrolment
from portal.models import Membership, PortalSettings

from .. import factories
from .assignment_kit import assignment_url, assignments_url, member_of, remove_url
from .learning_kit import lessons_of, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def cooperative():
    return factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")


@pytest.fixture
def manager(cooperative):
    return member_of(cooperative, full_name="Marta Quispe", email="marta@coop.example")


@pytest.fixture(autouse=True)
def managing(manager):
    Membership.objects.filter(user=manager).update(manages=True)


@pytest.fixture
def course(tree):
    return make_course(tree.courses, title="Gobernanza cooperativa", access_level=AccessLevel.MEMBERS)


@pytest.fixture
def members(cooperative):
    return [
        member_of(cooperative, full_name=name, email=f"{name.split()[0].lower()}@coop.example")
        for name in ("Ana Condori", "Luis Mamani", "Rosa Huanca")
    ]


def in_a_month():
    return timezone.localdate() + datetime.timedelta(days=30)


def my_learning(client, user) -> str:
    client.force_login(user)
    return client.get("/es/account/learning/").content.decode()


def test_a_manager_assigns_a_course_to_all_members_and_those_who_join_later_see_it_too(
    client, manager, cooperative, course, members
):
    client.force_login(manager)
    response = client.post(
        assignments_url(cooperative),
        {"course": course.pk, "due_on": in_a_month().isoformat(), "who": "everyone"},
    )
    assert response.status_code == 302 and response.url == assignments_url(cooperative)
    assignment = Assignment.objects.get()
    assert assignment.for_everyone and assignment.due_on == in_a_month() and assignment.assigned_by == manager
    assert not Enrolment.objects.exists()  # assigning enrols nobody: the members enrol when they open it
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "«Gobernanza cooperativa» está asignado a todos los miembros." in page
    assert "Todos los miembros" in page and "<dt>Asignados</dt><dd>4</dd>" in page  # the manager is one

    newcomer = member_of(cooperative, full_name="Pedro Ticona")
    assert "Gobernanza cooperativa" in my_learning(client, newcomer)
    client.force_login(manager)
    assert "<dt>Asignados</dt><dd>5</dd>" in client.get(assignments_url(cooperative)).content.decode()
    entry = ModelLogEntry.objects.get(action="courses.assignment.create")
    assert entry.user == manager and entry.data["organisation"] == cooperative.name


def test_a_manager_assigns_a_course_to_the_members_chosen_only(client, manager, cooperative, course, members):
    ana, luis, rosa = members
    client.force_login(manager)
    response = client.post(
        assignments_url(cooperative),
        {"course": course.pk, "due_on": "", "who": "chosen", "members": [ana.pk, luis.pk]},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert not assignment.for_everyone and assignment.due_on is None
    assert set(assignment.chosen.values_list("user", flat=True)) == {ana.pk, luis.pk}
    assert "«Gobernanza cooperativa» está asignado a 2 miembros." in client.get(response.url).content.decode()
    assert "Gobernanza cooperativa" in my_learning(client, ana)
    assert "Gobernanza cooperativa" in my_learning(client, luis)
    assert "Cursos asignados" not in my_learning(client, rosa)


@pytest.mark.parametrize(
    "due_on, error",
    [
        (
            (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "La fecha límite no puede estar en el pasado",
        ),
        ("31/02/2026", "Introduzca una fecha válida."),
    ],
    ids=["yesterday", "no-such-day"],
)
def test_a_wrong_due_date_is_refused_in_spanish_and_nothing_typed_or_chosen_is_lost(
    client, manager, cooperative, course, members, due_on, error
):
    ana, luis, _rosa = members
    client.force_login(manager)
    response = client.post(
        assignments_url(cooperative),
        {"course": course.pk, "due_on": due_on, "who": "chosen", "members": [ana.pk, luis.pk]},
    )
    page = response.content.decode()
    assert response.status_code == 200 and error in page
    assert not Assignment.objects.exists()
    assert f'<option value="{course.pk}" selected>' in page
    assert f'value="{due_on}"' in page
    assert 'value="chosen" id="id_who_1" required checked' in page
    assert (
        f'name="members" value="{ana.pk}" checked' in page
        and f'name="members" value="{luis.pk}" checked' in page
    )


def test_today_is_a_valid_due_date_and_no_course_or_nobody_chosen_are_refused(
    client, manager, cooperative, course
):
    client.force_login(manager)
    nobody = client.post(assignments_url(cooperative), {"course": course.pk, "who": "chosen"})
    assert "Elija al menos un miembro, o asigne el curso a todos los miembros." in nobody.content.decode()
    no_course = client.post(assignments_url(cooperative), {"course": "", "who": "everyone"})
    assert "Este campo es obligatorio" in no_course.content.decode()
    assert not Assignment.objects.exists()
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            assignments_url(cooperative), {"course": course.pk, "due_on": today, "who": "everyone"}
        ).status_code
        == 302
    )


def test_only_courses_every_member_may_open_are_offered(client, manager, cooperative, tree, course):
    registered = make_course(tree.courses, title="Curso abierto", access_level=AccessLevel.REGISTERED)
    priced = make_course(
        tree.courses, title="Curso con precio", access_level=AccessLevel.AUTHORISED, price="20.00"
    )
    draft = make_course(tree.courses, title="Curso en borrador")
    draft.unpublish()
    client.force_login(manager)
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "Gobernanza cooperativa" in page and "Curso abierto" in page
    assert "Curso con precio" in page  # members open it free of charge
    assert "Curso en borrador" not in page
    portal_settings = PortalSettings.load()
    portal_settings.members_pay = True  # now members pay for it: not every member may open it
    portal_settings.save()
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "Curso con precio" not in page
    refused = client.post(assignments_url(cooperative), {"course": priced.pk, "who": "everyone"})
    assert refused.status_code == 200 and "Escoja una opción válida" in refused.content.decode()
    assert not Assignment.objects.exists()
    assert registered.pk


def test_the_member_picker_pages_and_searches_without_losing_what_was_chosen(
    client, manager, cooperative, course
):
    people = [
        member_of(cooperative, full_name=f"Socia {n:02d}", email=f"socia{n:02d}@coop.example")
        for n in range(30)
    ]
    client.force_login(manager)
    first_page = client.get(assignments_url(cooperative)).content.decode()
    assert "Página 1 de 2" in first_page and "Socia 00" in first_page and "Socia 29" not in first_page
    chosen = people[0]
    due = in_a_month().isoformat()
    second = client.post(
        assignments_url(cooperative),
        {"course": course.pk, "due_on": due, "who": "chosen", "members": [chosen.pk], "browse": "2"},
    )
    page = second.content.decode()
    assert second.status_code == 200 and not Assignment.objects.exists()  # browsing saves nothing
    assert "Página 2 de 2" in page and "Socia 29" in page
    assert f'<input type="hidden" name="members" value="{chosen.pk}">' in page  # chosen on page 1, kept
    assert f'value="{due}"' in page and "1 miembro elegido" in page
    assert "errorlist" not in page  # nothing is judged while browsing

    found = client.post(
        assignments_url(cooperative),
        {
            "course": course.pk,
            "who": "chosen",
            "members": [chosen.pk, people[29].pk],
            "q": "socia29",
            "browse": "1",
        },
    ).content.decode()
    assert "Socia 29" in found and "Socia 01" not in found and "2 miembros elegidos" in found
    saved = client.post(
        assignments_url(cooperative),
        {"course": course.pk, "who": "chosen", "members": [chosen.pk, people[29].pk]},
    )
    assert saved.status_code == 302
    assert set(AssignedMember.objects.values_list("user", flat=True)) == {chosen.pk, people[29].pk}


def test_someone_who_is_not_a_member_cannot_be_chosen(client, manager, cooperative, course):
    outsider = factories.MembershipFactory().user  # a member of another organisation
    client.force_login(manager)
    response = client.post(
        assignments_url(cooperative), {"course": course.pk, "who": "chosen", "members": [outsider.pk]}
    )
    assert response.status_code == 200 and "Escoja una opción válida" in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_figures_count_members_who_enrolled_and_completed_in_any_language(
    client, manager, cooperative, course, members, locales
):
    from courses.learning import services as learning

    ana, luis, rosa = members
    client.force_login(manager)
    client.post(assignments_url(cooperative), {"course": course.pk, "who": "everyone"})
    learning.enrol(user=ana, course=course)
    for lesson in lessons_of(course):
        learning.lesson_complete(user=luis, lesson=lesson)
    Enrolment.objects.filter(user=luis).update(completed_at=timezone.now())
    portuguese = course.copy_for_translation(locales["pt"], copy_parents=True)
    portuguese.save_revision().publish()
    learning.enrol(user=rosa, course=portuguese)
    outsider = factories.MembershipFactory().user
    learning.enrol(user=outsider, course=course)  # another organisation's member: not counted
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "<dt>Asignados</dt><dd>4</dd>" in page
    assert "<dt>Inscritos</dt><dd>3</dd>" in page
    assert "<dt>Completados</dt><dd>1</dd>" in page
    Membership.objects.filter(user=ana).update(ended_at=timezone.localdate())  # Ana leaves: no longer counted
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "<dt>Asignados</dt><dd>3</dd>" in page and "<dt>Inscritos</dt><dd>2</dd>" in page


def test_a_course_already_assigned_cannot_be_assigned_again(client, manager, cooperative, course):
    client.force_login(manager)
    client.post(assignments_url(cooperative), {"course": course.pk, "who": "everyone"})
    again = client.post(assignments_url(cooperative), {"course": course.pk, "who": "everyone"})
    assert "Este curso ya está asignado" in again.content.decode()
    assert Assignment.objects.count() == 1


def test_a_manager_changes_the_due_date_and_whom_it_is_for(client, manager, cooperative, course, members):
    ana, _luis, rosa = members
    assignment = Assignment.objects.create(organisation=cooperative, course=course, due_on=in_a_month())
    client.force_login(manager)
    page = client.get(assignment_url(assignment)).content.decode()
    assert f'value="{in_a_month().isoformat()}"' in page and "Guardar los cambios" in page
    later = in_a_month() + datetime.timedelta(days=10)
    response = client.post(
        assignment_url(assignment), {"due_on": later.isoformat(), "who": "chosen", "members": [ana.pk]}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_on == later and not assignment.for_everyone
    assert list(assignment.chosen.values_list("user", flat=True)) == [ana.pk]
    assert "Cursos asignados" not in my_learning(client, rosa)

    # A due date that has passed may stay as it is; a new one in the past may not.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Assignment.objects.filter(pk=assignment.pk).update(due_on=yesterday - datetime.timedelta(days=3))
    client.force_login(manager)
    kept = client.post(
        assignment_url(assignment),
        {"due_on": (yesterday - datetime.timedelta(days=3)).isoformat(), "who": "everyone"},
    )
    assert kept.status_code == 302
    moved = client.post(assignment_url(assignment), {"due_on": yesterday.isoformat(), "who": "everyone"})
    assert (
        moved.status_code == 200 and "La fecha límite no puede estar en el pasado" in moved.content.decode()
    )


def test_removing_an_assignment_keeps_what_members_did(client, manager, cooperative, course, members):
    from courses.learning import services as learning

    assignment = Assignment.objects.create(organisation=cooperative, course=course)
    learning.enrol(user=members[0], course=course)
    client.force_login(manager)
    assert client.get(remove_url(assignment)).status_code == 405
    response = client.post(remove_url(assignment), follow=True)
    assert "«Gobernanza cooperativa» ya no está asignado." in response.content.decode()
    assert not Assignment.objects.exists() and Enrolment.objects.filter(user=members[0]).exists()


def test_a_course_that_becomes_unavailable_is_shown_as_such(client, manager, cooperative, course, members):
    Assignment.objects.create(organisation=cooperative, course=course, due_on=in_a_month())
    course.unpublish()
    client.force_login(manager)
    page = client.get(assignments_url(cooperative)).content.decode()
    assert "Ya no está disponible para los miembros" in page
    learning_page = my_learning(client, members[0])
    assert "Este curso ya no está disponible para los miembros de su organización." in learning_page
    assert f'action="/es/learning/courses/{course.pk}/enrol/"' not in learning_page


# --- who may manage them ----------------------------------------------------------------------------------


@pytest.fixture
def assignment(cooperative, course):
    return Assignment.objects.create(organisation=cooperative, course=course)


def every_address(assignment):
    return [
        ("get", assignments_url(assignment.organisation)),
        ("post", assignments_url(assignment.organisation)),
        ("get", assignment_url(assignment)),
        ("post", assignment_url(assignment)),
        ("post", remove_url(assignment)),
    ]


def test_another_organisations_manager_gets_not_found_everywhere(client, assignment, course):
    other = factories.MembershipFactory(manages=True)
    client.force_login(other.user)
    for method, address in every_address(assignment):
        data = {"course": course.pk, "who": "everyone"} if method == "post" else None
        assert getattr(client, method)(address, data).status_code == 404, address
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    # nor through their own organisation's address
    theirs = assignment_url(assignment).replace(
        f"/{assignment.organisation_id}/", f"/{other.organisation_id}/"
    )
    assert client.get(theirs).status_code == 404


@pytest.mark.parametrize(
    "stop",
    [
        lambda user: Membership.objects.filter(user=user).update(manages=False),
        lambda user: Membership.objects.filter(user=user).update(ended_at=timezone.localdate()),
    ],
    ids=["no-longer-named", "membership-ended"],
)
def test_a_former_manager_gets_not_found_at_once(client, manager, assignment, stop):
    client.force_login(manager)
    assert client.get(assignments_url(assignment.organisation)).status_code == 200
    stop(manager)
    for method, address in every_address(assignment):
        assert getattr(client, method)(address).status_code == 404, address
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_a_member_who_does_not_manage_gets_not_found_and_a_visitor_is_asked_to_sign_in(
    client, assignment, members
):
    client.force_login(members[0])
    for method, address in every_address(assignment):
        assert getattr(client, method)(address).status_code == 404, address
    client.logout()
    response = client.get(assignments_url(assignment.organisation))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_coordinator_manages_any_organisations_assignments(client, coordinator, assignment):
    client.force_login(coordinator)
    assert client.get(assignments_url(assignment.organisation)).status_code == 200
    assert client.get(assignment_url(assignment)).status_code == 200
    assert client.post(remove_url(assignment)).status_code == 302
    assert not Assignment.objects.exists()
