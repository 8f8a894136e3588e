"""Shared builders for the assigned-courses tests (tests/courses/test_assignment*.py, the browser journey)."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation

from portal.models import Membership, User

from .. import factories


def assignments_url(organisation) -> str:
    with translation.override("es"):
        return reverse("courses:organisation_assignments", args=[organisation.pk])


def assignment_url(assignment) -> str:
    with translation.override("es"):
        return reverse("courses:organisation_assignment", args=[assignment.organisation_id, assignment.pk])


def remove_url(assignment) -> str:
    with translation.override("es"):
        return reverse(
            "courses:organisation_assignment_remove", args=[assignment.organisation_id, assignment.pk]
        )


def member_of(organisation, **user_fields) -> User:
    return factories.MembershipFactory(
        organisation=organisation, user=factories.UserFactory(**user_fields)
    ).user


def many_members(organisation, count: int, prefix: str = "socio") -> list[User]:
    """`count` confirmed members, made in bulk (2,000 one by one would take minutes)."""
    password = make_password("unused")
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@coop.example", full_name=f"Socio {prefix} {n:04d}", password=password)
        for n in range(count)
    )
    users = list(User.objects.filter(email__startswith=prefix, email__endswith="@coop.example"))
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, verified=True) for user in users
    )
    return users
