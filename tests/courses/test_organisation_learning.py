"""The organisation's learning ("My organisation" › "Learning"): a manager follows what the organisation's
active members do in the courses, per course and per member, with filters, a chart of completions by month,
and pages of 25 members; never anyone else's learning, nor anyone's purchases, requests or downloads."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from courses.learning import organisation_learning
from courses.learning.certificates import organisation_verification_url
from courses.learning.training_record import training_record
from portal.members.services import membership_end
from portal.models import Membership

from .. import factories
from .organisation_kit import complete, cooperative, course_in, manager_of, member_of, moment, start

pytestmark = pytest.mark.django_db


def learning_url(organisation, language="es") -> str:
    with override(language):
        return reverse("courses:organisation_learning", args=[organisation.pk])


@pytest.fixture
def coop():
    return cooperative()


@pytest.fixture
def manager(coop):
    return manager_of(coop)


@pytest.fixture
def governance(tree):
    return course_in(tree, title="Gobernanza cooperativa", estimated_hours=4)


@pytest.fixture
def marketing(tree):
    return course_in(tree, title="Comercialización justa", estimated_hours=6)


def page_of(client, organisation, **filters):
    response = client.get(learning_url(organisation), filters)
    assert response.status_code == 200
    return response


def summary_of(response, title):
    return next(summary for summary in response.context["summaries"] if summary.title == title)


def row_of(response, name):
    return next(row for row in response.context["rows"] if row.name == name)


def test_the_manager_sees_each_course_and_each_member_of_their_organisation(
    client, coop, manager, governance, marketing
):
    ana = member_of(coop, full_name="Ana Mamani")
    luis = member_of(coop, full_name="Luis Condori")
    certificate = complete(ana, governance, on=moment(2026, 3, 10))
    start(luis, governance, lessons=1)
    start(ana, marketing, lessons=2)

    client.force_login(manager)
    response = page_of(client, coop)
    page = response.content.decode()

    assert "no-store" in response["Cache-Control"]
    assert 'aria-current="page"' in page and "Aprendizaje" in page  # the "Learning" tab, current
    gobernanza = summary_of(response, "Gobernanza cooperativa")
    assert (gobernanza.enrolled, gobernanza.in_progress, gobernanza.completed) == (2, 1, 1)
    assert gobernanza.average_score == 100  # Ana's three right answers; Luis answered no quiz
    assert summary_of(response, "Comercialización justa").enrolled == 1

    ana_row = row_of(response, "Ana Mamani")
    lines = {line.course.title: line for line in ana_row.lines}
    assert lines["Gobernanza cooperativa"].progress.percent == 100
    assert lines["Gobernanza cooperativa"].completed_on == datetime.date(2026, 3, 10)
    # Two lessons marked done, the second with its quiz not passed yet: one lesson of three completed.
    assert lines["Comercialización justa"].progress.percent == 33
    assert not lines["Comercialización justa"].completed
    # The certificate's code opens its public page, naming the organisation (a signed token).
    verify = organisation_verification_url(certificate, coop.pk, "es")
    assert lines["Gobernanza cooperativa"].verification_url == verify
    assert f'href="{verify.replace("&", "&amp;")}"' in page and certificate.display_code in page
    assert "10/03/2026" in page
    assert row_of(response, "Luis Condori").lines[0].progress.percent == 33
    assert row_of(response, "Marta Quispe").lines == []  # the manager is a member too


def test_only_the_organisations_active_members_count(client, coop, manager, governance):
    active = member_of(coop, full_name="Ana Mamani")
    ended = factories.MembershipFactory(
        organisation=coop, user__full_name="Pedro Ex Socio", ended_at=timezone.localdate()
    ).user
    waiting = factories.MembershipFactory(
        organisation=coop, user__full_name="Rosa Pendiente", verified=False
    ).user
    stranger = member_of(cooperative("Asociación de Mieleros del Sur"), full_name="Carmen Otra")
    for user in (active, ended, waiting, stranger):
        complete(user, governance)

    client.force_login(manager)
    response = page_of(client, coop)
    page = response.content.decode()

    assert summary_of(response, "Gobernanza cooperativa").completed == 1
    assert "Ana Mamani" in page
    for name in ("Pedro Ex Socio", "Rosa Pendiente", "Carmen Otra"):
        assert name not in page


def test_what_is_read_of_members_is_their_learning_never_purchases_requests_or_downloads(
    coop, manager, governance
):
    """Every read of the members' data behind the page, its exports and the training record (the page's
    other queries are the signed-in manager's own facts, read on every page)."""
    complete(member_of(coop), governance)
    filters = organisation_learning.Filters()
    with CaptureQueriesContext(connection) as queries:
        organisation_learning.course_summaries(coop, filters)
        organisation_learning.member_rows(organisation_learning.members(coop, filters), coop, filters)
        organisation_learning.courses_taken(coop)
        organisation_learning.completions_by_month(
            coop, [datetime.date(2026, month, 1) for month in range(1, 13)]
        )
        training_record(
            coop,
            start=datetime.date(2020, 1, 1),
            end=datetime.date(2030, 1, 1),
            language="es",
            produced_by=manager,
        )
    read = " ".join(query["sql"].lower() for query in queries.captured_queries)
    assert "courses_enrolment" in read and "courses_certificate" in read
    for table in ("payments_", "portal_accessrequest", "courses_downloadevent", "courses_entitlement"):
        assert table not in read


def test_filters_by_course_status_member_and_period(client, coop, manager, governance, marketing):
    ana = member_of(coop, full_name="Ana Mamani")
    luis = member_of(coop, full_name="Luis Condori")
    member_of(coop, full_name="Eva Quispe Sin Cursos")
    complete(ana, governance, on=moment(2026, 2, 5))
    complete(luis, marketing, on=moment(2026, 6, 20))
    start(luis, governance, on=moment(2026, 6, 1))
    client.force_login(manager)

    by_course = page_of(client, coop, course=marketing.pk)
    assert [summary.title for summary in by_course.context["summaries"]] == ["Comercialización justa"]
    assert [line.course.title for line in row_of(by_course, "Luis Condori").lines] == [
        "Comercialización justa"
    ]

    completed = page_of(client, coop, status="completed")
    names = [row.name for row in completed.context["rows"]]
    assert names == ["Ana Mamani", "Luis Condori"]
    assert [line.course.title for line in row_of(completed, "Luis Condori").lines] == [
        "Comercialización justa"
    ]

    in_progress = page_of(client, coop, status="in_progress")
    assert [row.name for row in in_progress.context["rows"]] == ["Luis Condori"]

    not_enrolled = page_of(client, coop, status="not_enrolled")
    assert [row.name for row in not_enrolled.context["rows"]] == ["Eva Quispe Sin Cursos", "Marta Quispe"]

    searched = page_of(client, coop, q="condori")
    assert [row.name for row in searched.context["rows"]] == ["Luis Condori"]
    by_address = page_of(client, coop, q=ana.email.split("@")[0])
    assert [row.name for row in by_address.context["rows"]] == ["Ana Mamani"]

    # From June: Luis's two courses were worked on; only his marketing course was completed in it.
    june = page_of(client, coop, start="2026-06-01", end="2026-06-30")
    assert {summary.title: summary.completed for summary in june.context["summaries"]} == {
        "Comercialización justa": 1,
        "Gobernanza cooperativa": 0,
    }
    assert row_of(june, "Ana Mamani").lines == []  # completed in February, before the period
    assert "del 1 de junio de 2026 al 30 de junio de 2026" in june.content.decode()
    # The chart follows the period: one completion in June.
    assert june.context["chart_months"] == [(datetime.date(2026, 6, 1), 1)]


def test_an_impossible_period_is_explained_and_what_was_typed_is_kept(client, coop, manager, governance):
    client.force_login(manager)
    response = page_of(client, coop, start="2026-06-30", end="2026-06-01", q="Ana")
    page = response.content.decode()
    assert "El período debe terminar el mismo día en que empieza o después." in page
    assert 'value="2026-06-30"' in page and 'value="2026-06-01"' in page and 'value="Ana"' in page
    assert response.context["filters"].start is None  # the period is not applied


def test_the_chart_counts_completions_by_month_and_says_its_numbers(
    client, coop, manager, governance, marketing
):
    ana, luis = member_of(coop, full_name="Ana Mamani"), member_of(coop, full_name="Luis Condori")
    today = timezone.localdate()
    this_month = datetime.datetime.combine(
        today.replace(day=1), datetime.time(12), tzinfo=timezone.get_current_timezone()
    )
    complete(ana, governance, on=this_month)
    complete(luis, governance, on=this_month)
    complete(luis, marketing, on=this_month - datetime.timedelta(days=40))
    client.force_login(manager)

    response = page_of(client, coop)
    months = response.context["chart_months"]
    assert len(months) == 12 and months[-1] == (today.replace(day=1), 2)
    assert sum(count for _month, count in months) == 3
    page = response.content.decode()
    svg = re.search(r"<svg viewBox=.*?</svg>", page, re.S).group(0)
    assert "<title" in svg and "Finalizaciones por mes" in svg and "<desc" in svg
    assert svg.count('class="month-chart__bar"') == 2  # two months with completions
    assert "3 en total" in page
    assert "Mostrar los números en una tabla" in page  # the same numbers as a table


def test_members_come_in_pages_of_25(client, coop, manager):
    for number in range(30):
        member_of(coop, full_name=f"Socio {number:02d}")
    client.force_login(manager)
    first = page_of(client, coop)
    assert len(first.context["rows"]) == 25 and first.context["page_obj"].paginator.count == 31
    second = page_of(client, coop, page=2)
    assert [row.name for row in second.context["rows"]] == [
        "Socio 24",
        "Socio 25",
        "Socio 26",
        "Socio 27",
        "Socio 28",
        "Socio 29",
    ]
    assert "Página 2 de 2" in second.content.decode()


def test_a_membership_ended_today_leaves_the_page_at_once(client, coop, manager, governance):
    ana = member_of(coop, full_name="Ana Mamani")
    complete(ana, governance)
    client.force_login(manager)
    assert summary_of(page_of(client, coop), "Gobernanza cooperativa").completed == 1
    membership_end(membership=Membership.objects.get(user=ana), by=manager)
    response = page_of(client, coop)
    assert response.context["summaries"] == [] and "Ana Mamani" not in response.content.decode()


def test_the_totals_follow_every_learning_write_at_once(client, coop, manager, governance):
    """The organisation's totals are kept in the cache between requests: what a member does shows on the
    manager's next page all the same."""
    ana, luis = member_of(coop, full_name="Ana Mamani"), member_of(coop, full_name="Luis Condori")
    start(ana, governance)
    client.force_login(manager)
    before = summary_of(page_of(client, coop), "Gobernanza cooperativa")
    assert (before.enrolled, before.completed, before.average_score) == (1, 0, None)

    complete(ana, governance)  # the lessons and the quiz, through the learner's own actions
    after = page_of(client, coop)
    assert summary_of(after, "Gobernanza cooperativa").completed == 1
    assert summary_of(after, "Gobernanza cooperativa").average_score == 100.0  # the quiz answered
    assert row_of(after, "Ana Mamani").lines[0].completed

    start(luis, governance)  # an enrolment
    assert summary_of(page_of(client, coop), "Gobernanza cooperativa").enrolled == 2
    membership_end(membership=Membership.objects.get(user=luis), by=manager)
    assert summary_of(page_of(client, coop), "Gobernanza cooperativa").enrolled == 1
