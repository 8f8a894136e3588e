"""Reminders about assigned courses, e-mailed in the background: `manage.py send_learning_reminders` (run
daily) queues one task per assignment, and each task sends what is due today, once.

Who is reminded, of what (`reminders_due`):
- a covered member (courses/learning/assignments.py: membership in force today) who has not completed the
  course, in any of its languages, and who has an e-mail address (accounts without one never get e-mail);
- a week before the due date: from seven days before it to the day itself, once per due date (a new due
  date may be reminded of once more);
- when they have not continued for two weeks: since their last progress in the course, or since it was
  assigned to them when they have not started; once per stall (progress, then two more weeks, is a new one);
- both on the same day make one e-mail (the due date's, saying they stopped), and both are recorded;
- nothing about a course no longer available to members, nor to a member who has left.

Idempotent: each reminder is recorded (`ReminderSent`, unique per member, kind and occasion) in the same
transaction as its e-mail is sent: running the command twice sends nothing twice, and a run that fails while
sending leaves the reminder unrecorded for the next run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from portal.models import PortalSettings, User

from . import assignments
from .models import Assignment, Enrolment, ReminderSent

DUE_SOON = datetime.timedelta(days=7)
STALLED = datetime.timedelta(days=14)
Kind = ReminderSent.Kind


@dataclass
class Reminder:
    """What one member is to be told about one assignment today."""

    user: User
    occasions: list[tuple[str, datetime.date]] = field(default_factory=list)  # (kind, occasion)
    enrolled_course_id: int | None = None

    @property
    def kinds(self) -> set[str]:
        return {kind for kind, _occasion in self.occasions}

    @property
    def stalled_since(self) -> datetime.date | None:
        return next((occasion for kind, occasion in self.occasions if kind == Kind.STALLED), None)


def reminders_due(assignment: Assignment, today: datetime.date) -> list[Reminder]:
    """Who is to be reminded of this assignment today, and of what (already sent left out): constant
    queries whatever the number of members."""
    members_pay = PortalSettings.load().members_pay
    if not assignments.is_available(assignment.course, members_pay=members_pay):
        return []
    memberships = list(
        assignments.covered_memberships(assignment)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    users = [membership.user_id for membership in memberships]
    # Per member: their last progress in the course (any of its languages), whether they completed it, and
    # the version they last worked in.
    progress: dict[int, tuple[datetime.datetime, bool, int]] = {}
    enrolments = Enrolment.objects.filter(
        user__in=users, course__translation_key=assignment.course.translation_key
    ).order_by("last_activity_at")
    for user_id, course_id, last, completed_at in enrolments.values_list(
        "user_id", "course_id", "last_activity_at", "completed_at"
    ):
        completed = user_id in progress and progress[user_id][1]
        progress[user_id] = (last, completed or completed_at is not None, course_id)
    chosen_on = dict(assignment.chosen.values_list("user_id", "assigned_at"))
    sent = set(ReminderSent.objects.filter(assignment=assignment).values_list("user_id", "kind", "occasion"))
    due_soon = assignment.due_on is not None and assignment.due_on - DUE_SOON <= today <= assignment.due_on
    found = []
    for membership in memberships:
        user = membership.user
        if user.pk in progress:
            last, completed, course_id = progress[user.pk]
        else:
            # Not started: since it was assigned to them (or they joined, or were chosen, later).
            chosen = chosen_on.get(user.pk, assignment.assigned_at)
            last = max(assignment.assigned_at, membership.created_at, chosen)
            completed, course_id = False, None
        if completed or not user.email:  # accounts without an address never get e-mail
            continue
        reminder = Reminder(user, enrolled_course_id=course_id)
        if due_soon:
            reminder.occasions.append((Kind.DUE_SOON, assignment.due_on))
        stopped_on = timezone.localdate(last)
        if today - stopped_on >= STALLED:
            reminder.occasions.append((Kind.STALLED, stopped_on))
        reminder.occasions = [o for o in reminder.occasions if (user.pk, *o) not in sent]
        if reminder.occasions:
            found.append(reminder)
    return found


def _course_for(assignment: Assignment, reminder: Reminder, translations: dict):
    """The version of the course to link: the one the member is taking, else the one in their language,
    else the one assigned."""
    by_pk = {page.pk: page for page in translations.values()}
    return (
        by_pk.get(reminder.enrolled_course_id)
        or translations.get(reminder.user.language)
        or assignment.course
    )


def _full(url: str) -> str:
    return settings.PORTAL_BASE_URL + url if url.startswith("/") else url


def _send(assignment: Assignment, reminder: Reminder, course) -> None:
    user = reminder.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "assignment": assignment,
            "course": course,
            "course_url": _full(course.url),
            "my_learning_url": _full(reverse("courses:my_learning")),
            "due_soon": Kind.DUE_SOON in reminder.kinds,
            "stalled_since": reminder.stalled_since,
            "started": reminder.enrolled_course_id is not None,
        }
        subject = render_to_string("courses/learning/emails/reminder_subject.txt", context).strip()
        body = render_to_string("courses/learning/emails/reminder_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task()
def send_assignment_reminders(assignment_id: int, today: str) -> int:
    """E-mail the reminders due on `today` (ISO date) about one assignment, each once; how many were sent."""
    assignment = (
        Assignment.objects.select_related("organisation", "course__licence__current_version")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:  # taken back since the command ran
        return 0
    translations = {
        page.locale.language_code: page
        for page in assignment.course.get_translations(inclusive=True).live().select_related("locale")
    }
    sent = 0
    for reminder in reminders_due(assignment, datetime.date.fromisoformat(today)):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ReminderSent.objects.bulk_create(
                        ReminderSent(assignment=assignment, user=reminder.user, kind=kind, occasion=occasion)
                        for kind, occasion in reminder.occasions
                    )
            except IntegrityError:  # another run recorded it at the same moment: it sends it
                continue
            _send(assignment, reminder, _course_for(assignment, reminder, translations))
            sent += 1
    return sent
