"""The access matrix of the managers' learning surfaces: every role × the organisation's learning page, its
CSV and XLSX exports, the training record's form and its PDF, its assigned courses and one assignment's
page, against one table of outcomes.

Only the organisation's managers and the network's coordinators open them; a manager of another
organisation, a former manager (no longer named, or whose membership ended), a plain member and anybody
else get "not found" (nobody learns which organisations exist by trying numbers); a visitor is asked to
sign in. Whatever is open shows the organisation's learning and nothing of another organisation."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from courses.models import Assignment
from portal.models import Membership
from portal.roles import COORDINATORS

from .. import factories
from .organisation_kit import complete, cooperative, course_in, member_of, moment, pdf_words

OPEN, NOT_FOUND, SIGN_IN = "open", "not_found", "sign_in"
SURFACES = ["learning page", "CSV", "XLSX", "record form", "record PDF", "assigned courses", "an assignment"]
EVERY = len(SURFACES)
EXPECTED = {
    "manager": [OPEN] * EVERY,
    "coordinator": [OPEN] * EVERY,
    "manager of another organisation": [NOT_FOUND] * EVERY,
    "former manager (no longer named)": [NOT_FOUND] * EVERY,
    "former manager (membership ended)": [NOT_FOUND] * EVERY,
    "plain member": [NOT_FOUND] * EVERY,
    "external user": [NOT_FOUND] * EVERY,
    "visitor": [SIGN_IN] * EVERY,
}
CONTENT_TYPES = {
    "learning page": "text/html",
    "CSV": "text/csv",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "record form": "text/html",
    "record PDF": "application/pdf",
    "assigned courses": "text/html",
    "an assignment": "text/html",
}
ASSIGNMENTS = ("assigned courses", "an assignment")


def user_for(role, coop, other):
    if role == "visitor":
        return None
    if role == "manager":
        return factories.MembershipFactory(organisation=coop, manages=True).user
    if role == "coordinator":
        user = factories.UserFactory()
        user.groups.add(Group.objects.get(name=COORDINATORS))
        return user
    if role == "manager of another organisation":
        return factories.MembershipFactory(organisation=other, manages=True).user
    if role == "former manager (no longer named)":
        membership = factories.MembershipFactory(organisation=coop, manages=True)
        Membership.objects.filter(pk=membership.pk).update(manages=False)
        return membership.user
    if role == "former manager (membership ended)":
        membership = factories.MembershipFactory(organisation=coop, manages=True)
        Membership.objects.filter(pk=membership.pk).update(ended_at=timezone.localdate())
        return membership.user
    if role == "plain member":
        return member_of(coop)
    return factories.UserFactory()


def addresses(coop, assignment) -> dict[str, tuple[str, dict]]:
    with override("es"):
        learning = reverse("courses:organisation_learning", args=[coop.pk])
        record = reverse("courses:organisation_record", args=[coop.pk])
        assigned = reverse("courses:organisation_assignments", args=[coop.pk])
        one = reverse("courses:organisation_assignment", args=[coop.pk, assignment.pk])
    return {
        "assigned courses": (assigned, {}),
        "an assignment": (one, {}),
        "learning page": (learning, {}),
        "CSV": (learning, {"export": "csv"}),
        "XLSX": (learning, {"export": "xlsx"}),
        "record form": (record, {}),
        "record PDF": (record, {"start": "2026-01-01", "end": "2026-12-31"}),
    }


def read(surface, response) -> str:
    if surface == "record PDF":
        return pdf_words(response.content)
    if surface == "XLSX":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    return response.content.decode()


def outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return SIGN_IN
    if response.status_code == 404:
        return NOT_FOUND
    assert response.status_code == 200, response.status_code
    return OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_every_managers_surface_follows_the_table(role, client, tree):
    coop, other = cooperative(), cooperative("Asociación de Mieleros del Sur", "MX")
    course = course_in(tree, title="Gobernanza cooperativa")
    ours = complete(member_of(coop, full_name="Ana Mamani"), course, on=moment(2026, 3, 10))
    theirs = complete(member_of(other, full_name="Carmen Otra"), course, on=moment(2026, 3, 11))
    our_assignment = Assignment.objects.create(organisation=coop, course=course)
    their_assignment = Assignment.objects.create(
        organisation=other, course=course_in(tree, title="Apicultura sostenible")
    )
    with override("es"):
        theirs_address = reverse("courses:organisation_assignment", args=[other.pk, their_assignment.pk])
    user = user_for(role, coop, other)
    if user is not None:
        client.force_login(user)

    found = {}
    for surface, (path, query) in addresses(coop, our_assignment).items():
        response = client.get(path, query)
        found[surface] = outcome(response)
        if found[surface] != OPEN:
            assert ours.display_code.encode() not in response.content
            continue
        assert response["Content-Type"].startswith(CONTENT_TYPES[surface])
        assert "no-store" in response["Cache-Control"]
        text = read(surface, response)
        if surface in ASSIGNMENTS:  # our assignment, never another organisation's
            assert "Gobernanza cooperativa" in text and theirs_address not in text
            continue
        if surface != "record form":
            assert ours.display_code in text
        assert theirs.display_code not in text and "Carmen Otra" not in text
    assert [found[surface] for surface in SURFACES] == EXPECTED[role]
