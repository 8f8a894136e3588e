"""Assigned courses cost a constant number of queries: the manager's page (its list with each assignment's
figures, and the form with one page of the member picker) and a member's "My learning", from an organisation
of 20 members to one of 2,000 (rows bulk-created), and from 2 assignments to 10."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from courses.learning import services as learning
from courses.models import AccessLevel, AssignedMember, Assignment, Enrolment
from portal.models import Membership

from .. import factories
from .assignment_kit import assignment_url, assignments_url, many_members, member_of
from .learning_kit import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def queries(client, url, data=None) -> tuple[int, float]:
    """The queries of one request, once the caches are warm as steady traffic keeps them (routes, locales,
    settings), and its time in milliseconds (printed, not asserted: the machine is shared)."""
    for _ in range(2):
        client.get(url) if data is None else client.post(url, data)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url) if data is None else client.post(url, data)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries), elapsed


def grow(organisation, courses, members: int, assignments: int, prefix: str) -> None:
    """Up to `members` members (a third enrolled in every course, a tenth of those completed) and up to
    `assignments` assignments (every other one for members chosen: half the members)."""
    users = many_members(
        organisation, members - Membership.objects.filter(organisation=organisation).count(), prefix
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(user=user, course=course, completed_at=now if n % 30 == 0 else None)
        for course in courses
        for n, user in enumerate(users)
        if n % 3 == 0
    )
    for number, course in enumerate(courses[Assignment.objects.count() : assignments]):
        assignment = Assignment.objects.create(
            organisation=organisation,
            course=course,
            for_everyone=number % 2 == 0,
            due_on=timezone.localdate() + datetime.timedelta(days=number),
        )
        if not assignment.for_everyone:
            every_member = Membership.objects.filter(organisation=organisation).values_list("user", flat=True)
            AssignedMember.objects.bulk_create(
                AssignedMember(assignment=assignment, user_id=user_id) for user_id in every_member[::2]
            )


def test_the_assignments_page_and_my_learning_cost_the_same_for_20_and_2000_members(client, tree):
    cooperative = factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")
    manager = member_of(cooperative, full_name="Marta Quispe")
    Membership.objects.filter(user=manager).update(manages=True)
    courses = [
        make_course(tree.courses, title=f"Curso {n}", access_level=AccessLevel.MEMBERS, lessons=2, quiz_in=())
        for n in range(10)
    ]
    for course in courses[::3]:  # the manager learns too: courses in progress beside the assigned ones
        learning.enrol(user=manager, course=course)

    def measure() -> dict[str, tuple[int, float]]:
        client.force_login(manager)
        first = Assignment.objects.order_by("pk").first()
        counts = {
            "assignments page": queries(client, assignments_url(cooperative)),
            "assignments page, members page 2 searched": queries(
                client,
                assignments_url(cooperative),
                {
                    "course": courses[-1].pk,
                    "who": "chosen",
                    "q": "socio",
                    "browse": "2",
                    "members": ["1", "2"],
                },
            ),
            "an assignment's page": queries(client, assignment_url(first)),
            "my learning (manager, a member too)": queries(client, "/es/account/learning/"),
        }
        return counts

    grow(cooperative, courses, members=20, assignments=2, prefix="pocos")
    small = measure()
    grow(cooperative, courses, members=2000, assignments=10, prefix="muchos")
    assert Membership.objects.filter(organisation=cooperative).count() == 2000
    assert Assignment.objects.count() == 10 and Enrolment.objects.count() > 6000
    big = measure()
    print("\nqueries, ms (20 members, 2 assignments → 2,000 members, 10 assignments):")
    for name, (count, elapsed) in small.items():
        print(f"  {name}: {count} queries, {elapsed:.0f} ms → {big[name][0]} queries, {big[name][1]:.0f} ms")
    assert {name: count for name, (count, _ms) in big.items()} == {
        name: count for name, (count, _ms) in small.items()
    }
