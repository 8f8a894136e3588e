"""Assigned courses: what an organisation's manager may assign, whom an assignment covers, how far they
are, and what a member sees of it under "My learning".

- A manager assigns a course that every member of the organisation may open, as the access policy says
  of any member (`policy.check_members`, a course for members or a lower level, its licence in force,
  free to members): assigning never opens a course to anyone.
- An assignment covers the organisation's members whose membership is in force today (all of them, those
  who join later too, or the members chosen): read at every use, so a member who leaves is no longer
  covered, counted or reminded.
- A course is the same course in every language: a member who enrolled in its Portuguese version has
  enrolled in the Spanish one assigned (their enrolments are matched by the pages' translation key).
- The due date is optional and never in the past when it is set (a date already set may be kept).
- A course that stops being available to members (unpublished, its licence ended or narrowed) stays
  assigned and is shown as unavailable; nobody is reminded of it.

Who may manage the assignments is portal/managing.py's to say; what changes them is
courses/learning/assignment_services.py; the reminders are courses/learning/reminders.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Membership

from ..access import policy
from .models import AssignedMember, Assignment, Enrolment

# --- what may be assigned, and when it is due -------------------------------------------------------------


def assignable(courses, *, members_pay: bool):
    """The live courses of this queryset that every member may open (the page model is the caller's)."""
    return policy.filter_open_to_members(courses.live(), members_pay=members_pay)


def is_available(course, *, members_pay: bool) -> bool:
    """Whether members may still open an assigned course: the same rule as `assignable`, for one course."""
    return course.live and policy.check_members(course, members_pay=members_pay).allowed


def check_due_on(due_on: datetime.date | None, today: datetime.date) -> None:
    if due_on is not None and due_on < today:
        raise ValidationError(
            {"due_on": _("The due date cannot be in the past: choose today or a later day, or none.")}
        )


def check_chosen(members) -> None:
    """Assigned to the members chosen (not to all members): at least one."""
    if members is not None and not list(members):
        raise ValidationError(
            {"members": _("Choose at least one member, or assign the course to all members.")}
        )


def is_overdue(due_on: datetime.date | None, today: datetime.date) -> bool:
    return due_on is not None and due_on < today


# --- whom an assignment covers, and their figures ---------------------------------------------------------


def covered_memberships(assignment: Assignment):
    """The memberships in force today of the members an assignment covers."""
    memberships = Membership.objects.active().filter(organisation_id=assignment.organisation_id)
    if not assignment.for_everyone:
        memberships = memberships.filter(
            Exists(AssignedMember.objects.filter(assignment=assignment, user=OuterRef("user")))
        )
    return memberships


def _count(queryset) -> Coalesce:
    """How many distinct users the rows of `queryset` (filtered on an OuterRef) name, as a subquery."""
    counted = queryset.order_by().values(group=Value(1)).annotate(users=Count("user", distinct=True))
    return Coalesce(Subquery(counted.values("users")[:1]), 0, output_field=IntegerField())


def with_figures(assignments):
    """Each assignment with how many members it covers (`assigned`), how many of them enrolled in the course
    (in any of its languages: `enrolled`) and completed it (`completed`): subqueries whose number does not
    grow with the members."""
    # Of rows naming a `user`, one query below the assignment: the user's membership is in force today, and
    # they were chosen (when the assignment is not for all members).
    organisation = OuterRef(OuterRef("organisation"))
    in_force = Exists(Membership.objects.active().filter(user=OuterRef("user"), organisation=organisation))
    chosen = Exists(AssignedMember.objects.filter(assignment=OuterRef(OuterRef("pk")), user=OuterRef("user")))

    def covered(rows) -> Case:
        rows = rows.filter(in_force)
        return Case(
            When(for_everyone=True, then=_count(rows)),
            default=_count(rows.filter(chosen)),
            output_field=IntegerField(),
        )

    enrolments = Enrolment.objects.filter(course__translation_key=OuterRef("course__translation_key"))
    return assignments.annotate(
        assigned=covered(Membership.objects.filter(organisation=OuterRef("organisation"))),
        enrolled=covered(enrolments),
        completed=covered(enrolments.filter(completed_at__isnull=False)),
    )


def of_organisation(organisation):
    """The organisation's assignments, the soonest due first (those without a date last), with what is
    shown of their course (its licence in force, for `is_available`)."""
    return (
        Assignment.objects.filter(organisation=organisation)
        .select_related("course__licence__current_version", "course__locale")
        .order_by(
            Case(When(due_on__isnull=True, then=Value(1)), default=Value(0)), "due_on", "-assigned_at", "pk"
        )
    )


# --- what a member sees under "My learning" ---------------------------------------------------------------


def assigned_to(user):
    """The courses assigned to this user by the organisations they belong to today (one query)."""
    in_force = Membership.objects.active().filter(user=user, organisation=OuterRef("organisation"))
    chosen = AssignedMember.objects.filter(assignment=OuterRef("pk"), user=user)
    return (
        Assignment.objects.filter(Exists(in_force))
        .filter(Q(for_everyone=True) | Exists(chosen))
        .select_related("organisation", "course__licence__current_version")
    )


@dataclass
class AssignedCourse:
    """One assigned course on "My learning": the assignment, and the learner's row for the course when they
    enrolled in it (or in one of its translations): a `CourseProgress` of courses/learning/progress.py."""

    assignment: Assignment
    row: Any
    available: bool
    today: datetime.date

    @property
    def course(self):
        """The version the learner is taking, else the one assigned."""
        return self.row.course if self.row is not None else self.assignment.course

    @property
    def is_completed(self) -> bool:
        return self.row is not None and (
            self.row.certificate is not None or self.row.enrolment.completed_at is not None
        )

    @property
    def is_overdue(self) -> bool:
        return not self.is_completed and is_overdue(self.assignment.due_on, self.today)

    @property
    def sort_key(self) -> tuple:
        """Open first (the soonest due first, undated last), then the completed ones."""
        due = self.assignment.due_on
        return (self.is_completed, due is None, due or datetime.date.min, self.course.title)


def assigned_courses(assignments, rows_by_key: dict, *, user, today=None) -> list[AssignedCourse]:
    """Each assignment paired with the learner's row of its course (`rows_by_key`: by translation key),
    in the order "My learning" shows them; a course assigned by two organisations is shown once."""
    today = today or timezone.localdate()
    members_pay = policy.viewer_for(user).members_pay
    shown, seen = [], set()
    for assignment in sorted(assignments, key=lambda a: (a.due_on is None, a.due_on or datetime.date.min)):
        key = assignment.course.translation_key
        if key in seen:
            continue
        seen.add(key)
        available = is_available(assignment.course, members_pay=members_pay)
        shown.append(AssignedCourse(assignment, rows_by_key.get(key), available, today))
    return sorted(shown, key=lambda assigned: assigned.sort_key)
