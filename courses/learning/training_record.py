"""An organisation's training record for audits: what its active members completed in a period, with dates,
hours and certificates, as the PDF states it (courses/learning/training_record_pdf.py).

- The members are the organisation's active members on the day the record is produced (as on the learning
  page, courses/learning/organisation_learning.py); only their learning is read.
- A course counts when it was completed within the period (days of the network's zone). A certificate gives
  the facts it states (course title, hours, completion date, copied when it was issued, so the record and
  the verification page agree); a course completed without a certificate yet (the learner had no name to
  print) is listed with the course's estimated hours and its completion day, and no code.
- Each certificate carries the address of its verification page naming the organisation
  (`organisation_verification_url`, courses/learning/certificates.py), in the record's language.
- Four queries, whatever the number of members and certificates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal.models import Membership, Organisation

from .certificates import learner_name, organisation_verification_url
from .models import Certificate, Enrolment
from .organisation_learning import active_member_count, member_ids, period_bounds


@dataclass
class RecordLine:
    course_title: str
    completed_on: datetime.date
    hours: Decimal
    certificate: Certificate | None = None
    verification_url: str = ""


@dataclass
class RecordMember:
    name: str
    lines: list[RecordLine] = field(default_factory=list)


@dataclass
class TrainingRecord:
    organisation: Organisation
    start: datetime.date
    end: datetime.date
    language: str
    members: list[RecordMember]
    active_members: int
    produced_at: datetime.datetime
    produced_by: str
    produced_as_manager: bool  # else as one of the network's coordinators

    @property
    def completions(self) -> int:
        return sum(len(member.lines) for member in self.members)

    @property
    def hours(self) -> Decimal:
        return sum((line.hours for member in self.members for line in member.lines), Decimal(0))


def _name(user) -> str:
    return learner_name(user) or user.get_full_name()


def _completions(organisation: Organisation, start: datetime.date, end: datetime.date):
    """The members' certificates of the period, and their courses completed in it without one."""
    members = member_ids(organisation)
    certificates = Certificate.objects.filter(
        user__in=members, completed_on__gte=start, completed_on__lte=end
    )
    first, after = period_bounds(start, end)
    without_certificate = Enrolment.objects.filter(
        user__in=members, completed_at__gte=first, completed_at__lt=after
    ).filter(~Exists(Certificate.objects.filter(user=OuterRef("user"), course=OuterRef("course"))))
    return certificates, without_certificate


def completion_count(organisation: Organisation, *, start: datetime.date, end: datetime.date) -> int:
    """The lines the record of the period would list (two counts): how long it takes to draw."""
    certificates, without_certificate = _completions(organisation, start, end)
    return certificates.count() + without_certificate.count()


def training_record(
    organisation: Organisation,
    *,
    start: datetime.date,
    end: datetime.date,
    language: str,
    produced_by,
    now: datetime.datetime | None = None,
) -> TrainingRecord:
    certificates, without_certificate = _completions(organisation, start, end)
    certificates = certificates.select_related("user").order_by("completed_on", "course_title", "pk")
    without_certificate = without_certificate.select_related("user", "course").order_by("completed_at", "pk")
    by_user: dict[int, RecordMember] = {}
    for certificate in certificates:
        member = by_user.setdefault(certificate.user_id, RecordMember(_name(certificate.user)))
        member.lines.append(
            RecordLine(
                certificate.course_title,
                certificate.completed_on,
                certificate.hours,
                certificate,
                organisation_verification_url(certificate, organisation.pk, language),
            )
        )
    for enrolment in without_certificate:
        member = by_user.setdefault(enrolment.user_id, RecordMember(_name(enrolment.user)))
        member.lines.append(
            RecordLine(
                enrolment.course.title,
                timezone.localtime(enrolment.completed_at).date(),
                enrolment.course.estimated_hours,
            )
        )
    for member in by_user.values():
        member.lines.sort(key=lambda line: (line.completed_on, line.course_title.lower()))
    return TrainingRecord(
        organisation=organisation,
        start=start,
        end=end,
        language=language,
        members=sorted(by_user.values(), key=lambda member: member.name.lower()),
        active_members=active_member_count(organisation),
        produced_at=now or timezone.now(),
        produced_by=produced_by.get_full_name(),
        produced_as_manager=Membership.objects.managing()
        .filter(user=produced_by, organisation=organisation)
        .exists(),
    )
