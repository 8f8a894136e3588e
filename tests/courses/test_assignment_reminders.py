"""Reminders about assigned courses: a week before the due date, and after two weeks without progress; once
each, by e-mail in the member's language, only to members in force who have an address and have not
completed the course, never about a course members may no longer open. `manage.py send_learning_reminders`
queues them (the test settings run background tasks at once)."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from courses.learning import services as learning
from courses.learning.reminders import send_assignment_reminders
from courses.models import AccessLevel, Assignment, Enrolment, ReminderSent
from portal.models import Membership, Organisation, PortalSettings, User

from .. import factories
from .assignment_kit import member_of
from .learning_kit import lessons_of, make_course

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=10)  # its week before comes before any two-week stall


@pytest.fixture
def cooperative():
    return factories.OrganisationFactory(name="Cooperativa Café Sierra Nevada")


@pytest.fixture
def course(tree):
    return make_course(tree.courses, title="Gobernanza cooperativa", access_level=AccessLevel.MEMBERS)


@pytest.fixture
def ana(cooperative):
    return member_of(cooperative, full_name="Ana Condori", email="ana@coop.example")


@pytest.fixture
def joao(cooperative):
    return member_of(cooperative, full_name="João Silva", email="joao@coop.example", language="pt")


@pytest.fixture
def assignment(cooperative, course, ana, joao):
    return Assignment.objects.create(organisation=cooperative, course=course, due_on=DUE)


def run(day: datetime.date) -> dict[str, str]:
    """Send what is due on `day` (a day the test travels to); the e-mails sent, by recipient."""
    mail.outbox.clear()
    for assignment in Assignment.objects.all():
        send_assignment_reminders.call(assignment.pk, day.isoformat())
    return {message.to[0]: f"{message.subject}\n{message.body}" for message in mail.outbox}


def started(user, course, days_ago: int):
    enrolment = learning.enrol(user=user, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_a_week_before_the_due_date_each_member_is_reminded_once_in_their_language(
    assignment, course, ana, joao
):
    assert run(DUE - datetime.timedelta(days=8)) == {}
    sent = run(DUE - datetime.timedelta(days=7))
    assert set(sent) == {"ana@coop.example", "joao@coop.example"}
    with translation.override("es"):
        due = f"{DUE.day} de"
    assert "Recordatorio: «Gobernanza cooperativa» vence el" in sent["ana@coop.example"]
    assert "Hola, Ana Condori:" in sent["ana@coop.example"] and due in sent["ana@coop.example"]
    assert (
        "Cooperativa Café Sierra Nevada le asignó el curso «Gobernanza cooperativa»"
        in sent["ana@coop.example"]
    )
    assert "Todavía no lo ha comenzado." in sent["ana@coop.example"]
    assert "http://testserver/es/cursos/" in sent["ana@coop.example"]  # the course, to start it
    assert "Lembrete: o prazo de “Gobernanza cooperativa” termina em" in sent["joao@coop.example"]
    assert (
        "Olá, João Silva," in sent["joao@coop.example"]
        and "/pt/account/learning/" in sent["joao@coop.example"]
    )
    assert run(DUE - datetime.timedelta(days=7)) == {}  # the same day again: nothing twice
    assert run(DUE - datetime.timedelta(days=3)) == {}  # nor on a later day
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.DUE_SOON).count() == 2


def test_a_new_due_date_is_reminded_of_once_more(assignment):
    run(DUE - datetime.timedelta(days=7))
    later = DUE + datetime.timedelta(days=14)
    Assignment.objects.filter(pk=assignment.pk).update(due_on=later)
    assert run(DUE - datetime.timedelta(days=6)) == {}
    assert len(run(later - datetime.timedelta(days=2))) == 2


def test_a_member_who_completed_the_course_is_not_reminded(assignment, course, ana):
    for lesson in lessons_of(course):
        learning.lesson_complete(user=ana, lesson=lesson)
    Enrolment.objects.filter(user=ana).update(completed_at=timezone.now())
    assert set(run(DUE - datetime.timedelta(days=7))) == {"joao@coop.example"}


def test_two_weeks_without_progress_is_reminded_once_per_stall(cooperative, course, ana, joao):
    Assignment.objects.create(organisation=cooperative, course=course)  # no due date: only stalls
    started(ana, course, days_ago=13)
    started(joao, course, days_ago=1)
    assert run(TODAY) == {}
    sent = run(TODAY + datetime.timedelta(days=1))
    assert set(sent) == {"ana@coop.example"}
    assert "Recordatorio: continúe el curso «Gobernanza cooperativa»" in sent["ana@coop.example"]
    assert "No ha avanzado en él desde el" in sent["ana@coop.example"]
    assert "Continúe donde lo dejó:" in sent["ana@coop.example"]
    assert run(TODAY + datetime.timedelta(days=5)) == {}  # the same stall: once
    # Ana goes on, then stops again for two weeks: a new stall, one more reminder.
    learning.lesson_complete(user=ana, lesson=lessons_of(course)[0])
    assert set(run(TODAY + datetime.timedelta(days=13))) == {"joao@coop.example"}  # his, since yesterday
    assert set(run(TODAY + datetime.timedelta(days=14))) == {"ana@coop.example"}
    assert ReminderSent.objects.filter(user=ana, kind=ReminderSent.Kind.STALLED).count() == 2


def test_a_member_who_never_started_is_reminded_two_weeks_after_it_was_assigned(
    cooperative, course, ana, joao
):
    Assignment.objects.create(organisation=cooperative, course=course)
    assert run(TODAY + datetime.timedelta(days=13)) == {}
    sent = run(TODAY + datetime.timedelta(days=14))
    assert set(sent) == {"ana@coop.example", "joao@coop.example"}
    assert "Todavía no lo ha comenzado." in sent["ana@coop.example"]


def test_a_stall_and_a_due_date_on_the_same_day_make_one_e_mail(assignment, course, ana):
    started(ana, course, days_ago=20)
    sent = run(DUE - datetime.timedelta(days=7))
    assert (
        "vence el" in sent["ana@coop.example"] and "No ha avanzado en él desde el" in sent["ana@coop.example"]
    )
    assert len(mail.outbox) == 2  # Ana's and João's
    assert set(ReminderSent.objects.filter(user=ana).values_list("kind", flat=True)) == {
        "due_soon",
        "stalled",
    }


def test_members_without_an_address_are_not_e_mailed(assignment, ana, joao):
    # An account made for a member without e-mail (they sign in with a name or a phone number).
    User.objects.filter(pk=joao.pk).update(email="")
    assert set(run(DUE - datetime.timedelta(days=7))) == {"ana@coop.example"}
    assert not ReminderSent.objects.filter(user=joao).exists()


@pytest.mark.parametrize(
    "leave",
    [
        lambda user: Membership.objects.filter(user=user).update(ended_at=timezone.localdate()),
        lambda user: Membership.objects.filter(user=user).update(verified=False),
    ],
    ids=["membership-ended", "membership-no-longer-confirmed"],
)
def test_a_member_who_left_is_not_reminded(assignment, ana, joao, leave):
    leave(joao)
    assert set(run(DUE - datetime.timedelta(days=7))) == {"ana@coop.example"}


def test_nobody_is_reminded_when_the_organisation_lapsed(assignment, cooperative):
    Organisation.objects.filter(pk=cooperative.pk).update(status=Organisation.Status.LAPSED)
    assert run(DUE - datetime.timedelta(days=7)) == {}


def test_chosen_members_only_are_reminded(cooperative, course, ana, joao):
    assignment = Assignment.objects.create(
        organisation=cooperative, course=course, due_on=DUE, for_everyone=False
    )
    assignment.chosen.create(user=joao)
    assert set(run(DUE - datetime.timedelta(days=7))) == {"joao@coop.example"}


def members_pay_for_it(course):
    """The course is priced for authorised users and a site setting makes members pay too: not every member
    may open it any more."""
    type(course).objects.filter(pk=course.pk).update(access_level=AccessLevel.AUTHORISED, price="20.00")
    portal_settings = PortalSettings.load()
    portal_settings.members_pay = True
    portal_settings.save()


@pytest.mark.parametrize(
    "withdraw", [lambda course: course.unpublish(), members_pay_for_it], ids=["unpublished", "members-pay"]
)
def test_nobody_is_reminded_of_a_course_that_became_unavailable(assignment, course, withdraw):
    withdraw(course)
    assert run(DUE - datetime.timedelta(days=7)) == {}


def test_a_course_whose_licence_ended_stays_open_to_members_and_reminded(assignment, course):
    """An ended agreement withdraws an item from everyone but members (courses/licensing/rules.py): members
    still open it, so the assignment stands."""
    licence = factories.LicenceFactory(agreement_ends=timezone.localdate() - datetime.timedelta(days=1))
    type(course).objects.filter(pk=course.pk).update(licence=licence)
    assert len(run(DUE - datetime.timedelta(days=7))) == 2


def test_a_run_that_fails_while_sending_leaves_the_reminder_for_the_next_run(assignment):
    with (
        mock.patch("courses.learning.reminders.send_mail", side_effect=OSError("SMTP down")),
        pytest.raises(OSError),
    ):
        run(DUE - datetime.timedelta(days=7))
    assert not ReminderSent.objects.exists()
    assert len(run(DUE - datetime.timedelta(days=7))) == 2


def test_the_daily_command_queues_the_reminders_and_sends_nothing_twice(assignment, monkeypatch):
    travelled = timezone.now() + (DUE - datetime.timedelta(days=7) - TODAY)
    monkeypatch.setattr(timezone, "now", lambda: travelled)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_learning_reminders", stdout=out)
    assert "1 assigned course(s) queued" in out.getvalue()
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@coop.example", "joao@coop.example"]
    call_command("send_learning_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 2
