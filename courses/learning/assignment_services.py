"""What an organisation's manager does with assigned courses: assign a course, change its due date or whom
it is for, take it back. Under the rules of courses/learning/assignments.py; who may do it is
portal/managing.py's to say (the screens ask it before calling here).

Each is logged (Wagtail's audit log, on the assignment) with who did it. Assigning enrols nobody.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.models import Membership, Organisation, User

from . import assignments
from .models import AssignedMember, Assignment


def _log_data(assignment: Assignment) -> dict:
    return {
        "organisation": assignment.organisation.name,
        "course": assignment.course.title,
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
        "for_everyone": assignment.for_everyone,
    }


def _check_members(organisation: Organisation, members: Iterable[User] | None) -> list[User]:
    """The members chosen, every one a member of the organisation today; None means all members."""
    assignments.check_chosen(members)
    if members is None:
        return []
    members = list(members)
    in_force = set(
        Membership.objects.active()
        .filter(organisation=organisation, user__in=members)
        .values_list("user_id", flat=True)
    )
    if any(member.pk not in in_force for member in members):
        raise ValidationError({"members": _("Only members of the organisation can be chosen.")})
    return members


def _choose(assignment: Assignment, members: list[User]) -> None:
    """Keep exactly these members chosen (those already chosen keep the day they were)."""
    keep = {member.pk for member in members}
    assignment.chosen.exclude(user__in=keep).delete()
    already = set(assignment.chosen.values_list("user_id", flat=True))
    AssignedMember.objects.bulk_create(
        [AssignedMember(assignment=assignment, user_id=pk) for pk in sorted(keep - already)]
    )


@transaction.atomic
def assignment_create(
    *,
    organisation: Organisation,
    course,
    due_on: datetime.date | None,
    members: Iterable[User] | None,
    by: User,
    members_pay: bool,
) -> Assignment:
    """Assign a course to all the organisation's members (`members=None`, those who join later too) or to
    the members given. Raises ValidationError (keyed by field) when the rules refuse it."""
    if not assignments.is_available(course, members_pay=members_pay):
        raise ValidationError(
            {"course": _("This course is not open to every member: it cannot be assigned.")}
        )
    assignments.check_due_on(due_on, timezone.localdate())
    chosen = _check_members(organisation, members)
    already = Assignment.objects.filter(
        organisation=organisation, course__translation_key=course.translation_key
    ).exists()
    if already:
        raise ValidationError(
            {"course": _("This course is already assigned: change its assignment in the list below.")}
        )
    assignment = Assignment.objects.create(
        organisation=organisation, course=course, due_on=due_on, for_everyone=members is None, assigned_by=by
    )
    _choose(assignment, chosen)
    log(assignment, "courses.assignment.create", user=by, data=_log_data(assignment))
    return assignment


@transaction.atomic
def assignment_change(
    *, assignment: Assignment, due_on: datetime.date | None, members: Iterable[User] | None, by: User
) -> Assignment:
    """Change the due date and whom the course is for. A due date already set may be kept even when it has
    passed; a new one may not be in the past."""
    if due_on != assignment.due_on:
        assignments.check_due_on(due_on, timezone.localdate())
    chosen = _check_members(assignment.organisation, members)
    assignment.due_on = due_on
    assignment.for_everyone = members is None
    assignment.save(update_fields=["due_on", "for_everyone"])
    _choose(assignment, chosen)
    log(assignment, "courses.assignment.change", user=by, data=_log_data(assignment))
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by: User) -> None:
    """Take the course back: members keep what they did in it, and no reminder is sent about it again."""
    log(assignment, "courses.assignment.remove", user=by, data=_log_data(assignment))
    assignment.delete()
