"""The demo's assigned course: the cooperative's manager has assigned a course to all its members, due in
three weeks, so that "My learning" shows it first and "My organisation" lists it with its figures."""

import datetime

from django.utils import timezone

from courses.learning import assignment_services
from courses.learning.models import Assignment
from courses.models import CoursePage
from portal.models import Organisation, PortalSettings, User

from . import content

ASSIGNMENT = {
    "organisation": "Cooperativa Café Sierra Nevada",
    "course": "governance",
    "by": "manager@clase.example",
    "due_in_days": 21,
}


def ensure_assignment() -> str:
    """Assign the demo course once (left as it is when it is assigned already); what was done, to report."""
    organisation = Organisation.objects.filter(name=ASSIGNMENT["organisation"]).first()
    manager = User.objects.filter(email=ASSIGNMENT["by"]).first()
    spec = next(course for course in content.COURSES if course["key"] == ASSIGNMENT["course"])
    course = CoursePage.objects.live().filter(slug=spec["es"]["slug"], locale__language_code="es").first()
    if organisation is None or manager is None or course is None:
        return "Assigned courses: the demo organisation, manager or course is missing; none assigned."
    if Assignment.objects.filter(organisation=organisation).exists():
        return "Assigned courses: left unchanged."
    assignment = assignment_services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=timezone.localdate() + datetime.timedelta(days=ASSIGNMENT["due_in_days"]),
        members=None,
        by=manager,
        members_pay=PortalSettings.load().members_pay,
    )
    return f"Assigned courses: “{course.title}” to all members of {organisation}, due {assignment.due_on}"
