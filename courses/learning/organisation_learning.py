"""An organisation's learning as its managers follow it ("My organisation" › "Learning",
courses/views/organisation_learning.py): per course and per member, and its completions by month.

- Only the organisation's active members count (`Membership.objects.active()`: confirmed, not ended, in an
  active organisation), and only their learning: enrolments, progress, quiz scores, certificates. Nothing
  here reads purchases, authorisation requests or downloads.
- A period, when one is chosen, keeps the enrolments worked on in it: begun before its end, active after its
  start, not completed before it. An enrolment is then "completed" when it was completed within the period,
  "in progress" otherwise. Without a period, every enrolment counts and "completed" means completed.
- Progress is the learner's own measure (`progress_of` in courses/learning/progress.py: lessons completed
  out of the course's lessons as it is now), so the manager and the learner read the same percentage.
- A member's score in a course is the mean of their best scores at the quizzes they answered in it; a
  course's average score is the mean over every quiz answered by the members in it (each member's quiz
  weighs the same), both in per cent.
- Each read costs a fixed number of queries whatever the number of members, courses and lessons (a test
  counts them at 20 and 2,000 members).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Lower
from django.utils import timezone, translation

from portal.models import Membership, User

from .certificates import organisation_verification_url
from .models import Certificate, Enrolment, LessonCompletion, QuizAttempt
from .progress import Progress, outlines_of, progress_of

IN_PROGRESS, COMPLETED, NOT_ENROLLED = "in_progress", "completed", "not_enrolled"
STATUSES = (IN_PROGRESS, COMPLETED, NOT_ENROLLED)


@dataclass(frozen=True)
class Filters:
    """What the manager chose: a course, a status, words of a member's name or address, a period (its
    first instant and the first instant after it, in the network's zone)."""

    course_id: int | None = None
    status: str = ""
    search: str = ""
    start: datetime.datetime | None = None
    after: datetime.datetime | None = None

    @property
    def has_period(self) -> bool:
        return self.start is not None and self.after is not None


# --- whose learning, which enrolments ----------------------------------------------------------------------


def member_ids(organisation) -> QuerySet:
    """The ids of the organisation's active members, as a subquery."""
    return Membership.objects.active().filter(organisation=organisation).values("user_id")


def active_member_count(organisation) -> int:
    return Membership.objects.active().filter(organisation=organisation).count()


def enrolments_in_scope(organisation, filters: Filters) -> QuerySet:
    """The members' enrolments that the course and the period keep (the status is `completed_condition`)."""
    enrolments = Enrolment.objects.filter(user__in=member_ids(organisation))
    if filters.course_id:
        enrolments = enrolments.filter(course_id=filters.course_id)
    if filters.has_period:
        enrolments = enrolments.filter(enrolled_at__lt=filters.after, last_activity_at__gte=filters.start)
        enrolments = enrolments.exclude(completed_at__lt=filters.start)
    return enrolments


def completed_condition(filters: Filters) -> Q:
    """An enrolment completed, in the filters' sense: within the period when there is one (the same rule as
    `is_completed`, asked of the database)."""
    if filters.has_period:
        return Q(completed_at__gte=filters.start, completed_at__lt=filters.after)
    return Q(completed_at__isnull=False)


def is_completed(enrolment: Enrolment, filters: Filters) -> bool:
    """`completed_condition` asked of an enrolment in memory."""
    if enrolment.completed_at is None:
        return False
    return not filters.has_period or filters.start <= enrolment.completed_at < filters.after


def with_status(enrolments: QuerySet, filters: Filters) -> QuerySet:
    if filters.status == COMPLETED:
        return enrolments.filter(completed_condition(filters))
    if filters.status == IN_PROGRESS:
        return enrolments.exclude(completed_condition(filters))
    return enrolments


def courses_taken(organisation) -> list[tuple[int, str, str]]:
    """(id, title, language) of every course the members have enrolled in, for the course filter."""
    return list(
        Enrolment.objects.filter(user__in=member_ids(organisation))
        .values_list("course_id", "course__title", "course__language")
        .distinct()
        .order_by("course__title", "course__language", "course_id")
    )


# --- per course ---------------------------------------------------------------------------------------------


@dataclass
class CourseSummary:
    course_id: int
    title: str
    language: str
    enrolled: int = 0
    completed: int = 0
    average_score: float | None = None

    @property
    def in_progress(self) -> int:
        return self.enrolled - self.completed


def course_summaries(organisation, filters: Filters) -> list[CourseSummary]:
    """One row per course the members are enrolled in (within the filters), by title: two queries."""
    scope = enrolments_in_scope(organisation, filters)
    rows = (
        scope.values("course_id", "course__title", "course__language")
        .annotate(enrolled=Count("id"), completed=Count("id", filter=completed_condition(filters)))
        .order_by("course__title", "course__language", "course_id")
    )
    scores = dict(
        QuizAttempt.objects.filter(enrolment__in=scope.values("pk"))
        .values("enrolment__course_id")
        .annotate(average=Avg("best_score"))
        .order_by()
        .values_list("enrolment__course_id", "average")
    )
    return [
        CourseSummary(
            row["course_id"],
            row["course__title"],
            row["course__language"],
            row["enrolled"],
            row["completed"],
            round(scores[row["course_id"]], 1) if scores.get(row["course_id"]) is not None else None,
        )
        for row in rows
    ]


# --- per member ---------------------------------------------------------------------------------------------


def members(organisation, filters: Filters) -> QuerySet:
    """The active members the filters keep, by name (those without a name by address): the search looks in
    names and addresses; a status keeps the members with an enrolment in it ("not enrolled": with none)."""
    users = User.objects.filter(pk__in=member_ids(organisation))
    words = filters.search.split()
    for word in words[:5]:
        users = users.filter(
            Q(full_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    if filters.status:
        theirs = enrolments_in_scope(organisation, filters).filter(user=OuterRef("pk"))
        if filters.status == NOT_ENROLLED:
            users = users.filter(~Exists(theirs))
        else:
            users = users.filter(Exists(with_status(theirs, filters)))
    sort_name = Case(When(full_name="", then=F("email")), default=F("full_name"))
    return users.annotate(sort_name=Lower(sort_name)).order_by("sort_name", "pk")


@dataclass
class CourseLine:
    """One course on a member's row."""

    enrolment: Enrolment
    progress: Progress
    completed: bool  # in the filters' sense (within the period, when there is one)
    score: float | None = None
    certificate: Certificate | None = None
    verification_url: str = ""  # the certificate's public page, naming the organisation

    @property
    def course(self):
        return self.enrolment.course

    @property
    def completed_on(self) -> datetime.date | None:
        if self.certificate is not None:
            return self.certificate.completed_on
        completed_at = self.enrolment.completed_at
        return timezone.localtime(completed_at).date() if completed_at else None


@dataclass
class MemberRow:
    user: User
    lines: list[CourseLine] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.user.get_full_name()


# What the members' table reads of an enrolment and its course (the course's place in the tree: its outline).
ENROLMENT_FIELDS = ("id", "user_id", "course_id", "enrolled_at", "last_activity_at", "completed_at")
COURSE_FIELDS = ("title", "language", "path", "depth", "estimated_hours")


def member_rows(users, organisation, filters: Filters) -> list[MemberRow]:
    """Each member's courses (within the filters) with progress, score and certificate: five queries at
    most, whatever the number of members, courses, lessons and quizzes."""
    users = list(users)
    if not users:
        return []
    if filters.status == NOT_ENROLLED:
        return [MemberRow(user) for user in users]
    enrolments_query = with_status(
        enrolments_in_scope(organisation, filters).filter(user__in=[user.pk for user in users]), filters
    )
    enrolments = list(
        enrolments_query.select_related("course")
        .only(*ENROLMENT_FIELDS, *(f"course__{name}" for name in COURSE_FIELDS))
        .order_by("course__title", "course__language", "pk")
    )
    if not enrolments:
        return [MemberRow(user) for user in users]
    outlines = outlines_of({enrolment.course_id: enrolment.course for enrolment in enrolments}.values())
    # A page's enrolments by their ids; an export's (every member's) by the query that finds them.
    ids = [enrolment.pk for enrolment in enrolments] if len(users) <= 100 else enrolments_query.values("pk")
    done, passed, scores = {}, {}, {}
    for enrolment_id, lesson_id in LessonCompletion.objects.filter(enrolment__in=ids).values_list(
        "enrolment_id", "lesson_id"
    ):
        done.setdefault(enrolment_id, []).append(lesson_id)
    for enrolment_id, block_id, was_passed, best in QuizAttempt.objects.filter(enrolment__in=ids).values_list(
        "enrolment_id", "block_id", "passed", "best_score"
    ):
        scores.setdefault(enrolment_id, []).append(best)
        if was_passed:
            passed.setdefault(enrolment_id, []).append(block_id)
    certificates = {
        (certificate.user_id, certificate.course_id): certificate
        for certificate in Certificate.objects.filter(
            user__in=[user.pk for user in users], course__in={enrolment.course_id for enrolment in enrolments}
        )
    }
    language = translation.get_language()
    rows = {user.pk: MemberRow(user) for user in users}
    for enrolment in enrolments:
        outline = outlines[enrolment.course_id]
        best_scores = scores.get(enrolment.pk)
        certificate = certificates.get((enrolment.user_id, enrolment.course_id))
        rows[enrolment.user_id].lines.append(
            CourseLine(
                enrolment,
                progress_of(outline, done.get(enrolment.pk, ()), passed.get(enrolment.pk, ())),
                is_completed(enrolment, filters),
                round(sum(best_scores) / len(best_scores), 1) if best_scores else None,
                certificate,
                organisation_verification_url(certificate, organisation.pk, language) if certificate else "",
            )
        )
    return list(rows.values())


# --- completions by month ---------------------------------------------------------------------------------


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of `start` and the first instant after `end`, in the active zone (the network's)."""
    zone = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone),
    )


def _month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def completions_by_month(
    organisation, months: list[datetime.date], *, course_id: int | None = None
) -> dict[datetime.date, int]:
    """The members' courses completed in each of the months (their first days; months of the network's
    zone), in one query that counts each month between its bounds (no date arithmetic per row)."""
    if not months:
        return {}
    bounds = [period_bounds(month, _month_after(month) - datetime.timedelta(days=1)) for month in months]
    completions = Enrolment.objects.filter(
        user__in=member_ids(organisation), completed_at__gte=bounds[0][0], completed_at__lt=bounds[-1][1]
    )
    if course_id:
        completions = completions.filter(course_id=course_id)
    counts = completions.aggregate(
        **{
            f"month_{index}": Count("id", filter=Q(completed_at__gte=first, completed_at__lt=after))
            for index, (first, after) in enumerate(bounds)
        }
    )
    return {month: counts[f"month_{index}"] or 0 for index, month in enumerate(months)}
