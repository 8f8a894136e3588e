"""An organisation of 2,000 members in 10 courses costs the learning page, its exports and the training
record's reads the same number of queries as one of 20: the members come in pages, and what is read of
them is read for a page (or for all, in an export) at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from courses.learning import organisation_totals
from courses.learning.training_record import training_record

from .organisation_kit import cooperative, course_in, crowd, manager_of

pytestmark = pytest.mark.django_db


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_the_learning_page_costs_the_same_for_20_and_2000_members(client, tree):
    coop = cooperative()
    manager = manager_of(coop)
    courses = [course_in(tree, title=f"Curso {number:02d}") for number in range(10)]
    crowd(coop, courses, 20)
    with override("es"):
        url = reverse("courses:organisation_learning", args=[coop.pk])
    client.force_login(manager)
    today = timezone.localdate()
    asked = {
        "page": lambda: client.get(url),
        "second page, filtered": lambda: client.get(url, {"status": "in_progress", "page": 2, "q": "socio"}),
        "a course and a period": lambda: client.get(
            url, {"course": courses[3].pk, "start": "2026-01-01", "end": today.isoformat()}
        ),
        "CSV": lambda: client.get(url, {"export": "csv"}),
        "XLSX": lambda: client.get(url, {"export": "xlsx"}),
        "training record's reads": lambda: training_record(
            coop,
            start=today - datetime.timedelta(days=365),
            end=today,
            language="es",
            produced_by=manager,
        ),
    }
    for action in asked.values():  # warm: the manager's session, the courses' outlines
        action()

    def measured():
        """Each read with the organisation's totals computed (cold), then read from the cache (warm)."""
        counts = {}
        for name, action in asked.items():
            organisation_totals.renew([coop.pk])
            counts[name] = queries_of(action)
            counts[f"{name}, totals kept"] = queries_of(action)
        return counts

    small = measured()
    crowd(coop, courses, 1980, first=20)
    large = measured()

    assert large == small
    assert small["page, totals kept"] <= 5, small  # who is asking, and the organisation
    assert "2001 miembros" in client.get(url).content.decode()  # the manager too
    assert small["page"] <= 20, small
