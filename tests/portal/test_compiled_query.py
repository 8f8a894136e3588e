"""The access policy's facts are compiled to SQL once a day and then reused: the reused SQL must still
read each user's own facts, and a new day must read that day's memberships, not yesterday's."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.access import policy as access
from courses.learning import progress as learning_progress
from portal.models import User
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return User.objects.get(pk=user.pk)  # no facts cached on the object


def test_the_reused_query_reads_each_users_own_facts():
    member = MembershipFactory().user
    outsider = UserFactory()
    unverified = UserFactory(verified=False)
    assert access.viewer_for(fresh(member)).is_member
    with CaptureQueriesContext(connection) as queries:
        outsider_viewer = access.viewer_for(fresh(outsider))
        unverified_viewer = access.viewer_for(fresh(unverified))
    assert len(queries) == 4  # two users loaded, one facts query each
    assert outsider_viewer.is_verified and not outsider_viewer.is_member
    assert not unverified_viewer.is_verified
    assert access.viewer_for(fresh(member)).is_member


def test_a_membership_ending_at_midnight_stops_counting_the_next_day():
    today = timezone.localdate()
    member = MembershipFactory(ended_at=today + datetime.timedelta(days=1)).user
    assert access.viewer_for(fresh(member)).is_member
    tomorrow = today + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert not access.viewer_for(fresh(member)).is_member
    assert access.viewer_for(fresh(member)).is_member  # and back: each day has its own SQL


def test_a_learners_state_is_their_own_in_their_own_course(tree):
    """The learner's enrolment is read with SQL compiled once for two values (user, course)."""
    from courses.learning import services as learning
    from tests.courses.learning_kit import lessons_of, make_course

    first_course, second_course = (make_course(tree.courses, lessons=2, quiz_in=()) for _ in range(2))
    ana, luis = MembershipFactory().user, MembershipFactory().user
    learning.enrol(user=ana, course=first_course)
    learning.lesson_complete(user=ana, lesson=lessons_of(first_course)[0])
    learning.enrol(user=luis, course=second_course)

    assert learning_progress.learner_state(ana, first_course).progress.done == {
        lessons_of(first_course)[0].pk
    }
    assert not learning_progress.learner_state(ana, second_course).is_enrolled
    assert not learning_progress.learner_state(luis, first_course).is_enrolled
    assert learning_progress.learner_state(luis, second_course).is_enrolled
    assert not learning_progress.learner_state(luis, second_course).progress.done


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_a_signed_in_readers_user_and_facts_are_planned_once_per_connection(client, tree):
    """Planning the user-and-facts query costs PostgreSQL several times what running it does: after a few
    signed-in requests on a connection it runs prepared, and the query log still shows what ran."""
    member = MembershipFactory().user
    client.force_login(member)
    for _ in range(8):
        assert client.get(tree.home.url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(tree.home.url)
    assert response.context["user"] == member
    assert any('FROM "portal_user"' in query["sql"] for query in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any(
        'FROM "portal_user"' in statement and '"portal_membership"' in statement for statement in prepared
    )
    # Django's own queries still bind on the client: only the portal's compiled queries are prepared, the
    # user and facts, and the reader's enrolments that the home page's "Continue learning" shows.
    assert len(prepared) == 2
    assert any('FROM "courses_enrolment"' in statement for statement in prepared)


def test_instances_read_by_the_compiled_query_equal_what_the_orm_reads(tree):
    """The rows are turned into instances without Django's RawQuerySet: every field must still come back
    as the ORM gives it (aware datetimes, booleans, JSON) and unsaved changes must not leak between reads."""
    from courses.learning import services as learning
    from courses.models import QuizAttempt
    from tests.courses.learning_kit import lessons_of, make_course

    course = make_course(tree.courses, lessons=1, quiz_in=())
    ana = MembershipFactory().user
    ana.last_login = timezone.now()
    ana.save()
    enrolment = learning.enrol(user=ana, course=course)
    QuizAttempt.objects.create(
        enrolment=enrolment,
        lesson=lessons_of(course)[0],
        block_id="q1",
        attempts=2,
        passed=True,
        last_answers={"0": [1, 2], "1": "b"},
    )

    def fields(instance):
        return {
            field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields
        }

    read = access.user_with_viewer(ana.pk)
    assert fields(read) == fields(User.objects.get(pk=ana.pk))
    assert read.last_login.tzinfo is not None and read.is_active is True
    assert read._access_viewer.is_member

    attempt = learning_progress._ATTEMPTS.instances(QuizAttempt, enrolment.pk)[0]
    assert fields(attempt) == fields(QuizAttempt.objects.get(enrolment=enrolment))
    assert attempt.last_answers == {"0": [1, 2], "1": "b"} and attempt.passed is True
    assert attempt._state.adding is False and attempt._state.db == "default"  # saves as an update
