"""The demo shows assigned courses at work: its cooperative has assigned a course to all its members, due in
three weeks; the demo member sees it first in "My learning", the manager lists it under "My organisation"."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from courses.models import Assignment
from portal.models import User


@pytest.mark.django_db
def test_the_demo_cooperative_has_assigned_a_course_with_a_due_date(client):
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("load_demo", **quiet)
    call_command("load_demo", **quiet)  # re-run: still one
    assignment = Assignment.objects.select_related("organisation", "course").get()
    assert assignment.organisation.name == "Cooperativa Café Sierra Nevada" and assignment.for_everyone
    assert assignment.due_on > timezone.localdate()
    client.force_login(User.objects.get(email="member@clase.example"))
    with translation.override("es"):
        page = client.get(reverse("courses:my_learning")).content.decode()
        assert (
            page.index("Cursos asignados")
            < page.index(assignment.course.title)
            < page.index("Cursos en progreso")
        )
        client.force_login(User.objects.get(email="manager@clase.example"))
        listing = client.get(reverse("courses:organisation_assignments", args=[assignment.organisation_id]))
    assert assignment.course.title in listing.content.decode()
