"""Learning statistics in the admin ("Reports" menu, and a button on each course): per course, the
enrolments, the learners active in the last 30 days, the completion rate, the quiz scores and where
learners stop, with a chart and a CSV export.

For the Learning coordinators group: the `courses.view_learning_statistics` permission (portal/roles.py).
Every number is an aggregate computed by the database, in a constant number of queries whatever the
number of learners and lessons. Which lessons and quizzes count is the course as it is now
(courses/learning/progress.py, `course_outline`), as for the learners themselves.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from portal.spreadsheets import CsvExport, csv_response

from ..learning import progress as learning_progress
from ..models import CoursePage, Enrolment, LessonCompletion, QuizAttempt

URL_NAMESPACE = "learning_statistics"
PERMISSION = "courses.view_learning_statistics"
ACTIVE_DAYS = 30


def may_read_statistics(user) -> bool:
    return user.has_perm(PERMISSION)


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_statistics(request.user)


def percent(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


# --- the numbers ------------------------------------------------------------------------------------------


@dataclass
class Totals:
    enrolled: int = 0
    active: int = 0
    completed: int = 0

    @property
    def completion_rate(self) -> int | None:
        return percent(self.completed, self.enrolled)


@dataclass
class LessonRow:
    position: int
    lesson: object
    completed: int  # learners who marked it done
    stopped: int  # learners who have not completed the course and whose furthest lesson done is this one
    enrolled: int

    @property
    def completed_percent(self) -> int | None:
        return percent(self.completed, self.enrolled)


@dataclass
class QuizRow:
    quiz: learning_progress.QuizRef
    position: int  # of its lesson
    learners: int = 0  # who answered it at least once
    passed: int = 0
    average_best: float | None = None
    average_attempts: float | None = None

    @property
    def pass_rate(self) -> int | None:
        return percent(self.passed, self.learners)


@dataclass
class CourseStatistics:
    course: CoursePage
    totals: Totals
    not_started: int = 0
    lessons: list[LessonRow] = field(default_factory=list)
    quizzes: list[QuizRow] = field(default_factory=list)

    @property
    def average_quiz_score(self) -> float | None:
        """The mean of the quizzes' average best scores (each quiz weighs the same)."""
        scores = [row.average_best for row in self.quizzes if row.average_best is not None]
        return round(sum(scores) / len(scores), 1) if scores else None


def totals_by_course(since: datetime.datetime, courses=None) -> dict[int, Totals]:
    enrolments = Enrolment.objects.all() if courses is None else Enrolment.objects.filter(course__in=courses)
    rows = (
        enrolments.values("course_id")
        .annotate(
            enrolled=Count("id"),
            active=Count("id", filter=Q(last_activity_at__gte=since)),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
        )
        .order_by()
    )
    return {row.pop("course_id"): Totals(**row) for row in rows}


def course_statistics(course: CoursePage, *, now: datetime.datetime | None = None) -> CourseStatistics:
    """Five queries, whatever the number of learners and lessons."""
    since = (now or timezone.now()) - datetime.timedelta(days=ACTIVE_DAYS)
    outline = learning_progress.course_outline(course)
    lesson_ids = outline.lesson_ids
    totals = totals_by_course(since, [course]).get(course.pk, Totals())

    completed = dict(
        LessonCompletion.objects.filter(enrolment__course=course, lesson_id__in=lesson_ids)
        .values("lesson_id")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("lesson_id", "count")
    )
    furthest = (
        LessonCompletion.objects.filter(enrolment=OuterRef("pk"), lesson_id__in=lesson_ids)
        .order_by("-lesson__path")
        .values("lesson_id")[:1]
    )
    stopped = {
        row["furthest"]: row["count"]
        for row in Enrolment.objects.filter(course=course, completed_at__isnull=True)
        .annotate(furthest=Subquery(furthest))
        .values("furthest")
        .annotate(count=Count("id"))
        .order_by()
    }
    quiz_rows = {
        row["block_id"]: row
        for row in QuizAttempt.objects.filter(
            enrolment__course=course, block_id__in=[quiz.block_id for quiz in outline.quizzes]
        )
        .values("block_id")
        .annotate(
            learners=Count("id"),
            passed=Count("id", filter=Q(passed=True)),
            average_best=Avg("best_score"),
            average_attempts=Avg("attempts"),
        )
        .order_by()
    }

    statistics = CourseStatistics(course, totals, not_started=stopped.get(None, 0))
    for position, lesson in enumerate(outline.lessons, start=1):
        statistics.lessons.append(
            LessonRow(
                position, lesson, completed.get(lesson.pk, 0), stopped.get(lesson.pk, 0), totals.enrolled
            )
        )
    for quiz in outline.quizzes:
        row = quiz_rows.get(quiz.block_id, {})
        statistics.quizzes.append(
            QuizRow(
                quiz,
                outline.position_of(quiz.lesson_id) or 0,
                row.get("learners", 0),
                row.get("passed", 0),
                round(row["average_best"], 1) if row.get("average_best") is not None else None,
                round(row["average_attempts"], 1) if row.get("average_attempts") is not None else None,
            )
        )
    return statistics


# --- the chart --------------------------------------------------------------------------------------------


@dataclass
class Bar:
    x: float
    width: float
    center: float
    completed_y: float
    completed_height: float
    stopped_y: float
    stopped_height: float
    label: str
    title: str


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]
    title: str
    description: str


def round_ticks(peak: int) -> list[int]:
    raw = max(peak, 1) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1, math.ceil(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)))
    return list(range(0, max(step, math.ceil(max(peak, 1) / step) * step) + 1, step))


def lesson_chart(statistics: CourseStatistics) -> Chart:
    """A bar per lesson: the learners who did it; its darker top, those who stopped after it."""
    width, height, left, right, top, bottom = 760, 250, 52, 748, 12, 212
    rows = statistics.lessons
    ticks = round_ticks(max([statistics.totals.enrolled, *(row.completed for row in rows)]))
    scale = (bottom - top) / ticks[-1]
    slot = (right - left) / max(len(rows), 1)
    every = math.ceil(len(rows) / 25)
    bars = []
    for index, row in enumerate(rows):
        completed_height = row.completed * scale
        stopped_height = min(row.stopped, row.completed) * scale
        bars.append(
            Bar(
                x=round(left + index * slot + slot * 0.15, 2),
                width=round(max(slot * 0.7, 1), 2),
                center=round(left + (index + 0.5) * slot, 2),
                completed_y=round(bottom - completed_height, 2),
                completed_height=round(completed_height, 2),
                stopped_y=round(bottom - completed_height, 2),
                stopped_height=round(stopped_height, 2),
                label=str(row.position) if index % every == 0 else "",
                title=gettext(
                    "Lesson %(position)s, %(title)s: done by %(completed)s, stopped after it: %(stopped)s"
                )
                % {
                    "position": row.position,
                    "title": row.lesson.title,
                    "completed": row.completed,
                    "stopped": row.stopped,
                },
            )
        )
    description = gettext(
        "Learners who did each of the %(lessons)s lessons, out of %(enrolled)s enrolled; the darker part of "
        "each bar counts those who stopped after that lesson without completing the course."
    ) % {"lessons": len(rows), "enrolled": statistics.totals.enrolled}
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        bars,
        [(round(bottom - value * scale, 2), value) for value in ticks],
        gettext("Learners per lesson"),
        description,
    )


# --- CSV --------------------------------------------------------------------------------------------------


def csv_rows(statistics: CourseStatistics) -> list[list]:
    totals = statistics.totals
    rows = [
        [gettext("Course"), statistics.course.title],
        [gettext("Enrolments"), totals.enrolled],
        [gettext("Active in the last %(days)s days") % {"days": ACTIVE_DAYS}, totals.active],
        [gettext("Completed"), totals.completed],
        [gettext("Completion rate (%)"), totals.completion_rate],
        [gettext("Not started"), statistics.not_started],
        [],
        [
            gettext("Lesson"),
            gettext("Title"),
            gettext("Learners who did it"),
            gettext("% of enrolments"),
            gettext("Stopped after it"),
        ],
    ]
    rows += [
        [row.position, row.lesson.title, row.completed, row.completed_percent, row.stopped]
        for row in statistics.lessons
    ]
    rows += [
        [],
        [
            gettext("Quiz"),
            gettext("Lesson"),
            gettext("Pass mark (%)"),
            gettext("Learners who answered"),
            gettext("Passed"),
            gettext("Average best score (%)"),
            gettext("Average attempts"),
        ],
    ]
    rows += [
        [
            row.quiz.title,
            row.position,
            row.quiz.pass_mark,
            row.learners,
            row.passed,
            row.average_best,
            row.average_attempts,
        ]
        for row in statistics.quizzes
    ]
    return rows


# --- the views --------------------------------------------------------------------------------------------


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_statistics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CoursesView(StatisticsView):
    template_name = "courses/learning/admin/index.html"
    page_title = _("Learning: courses")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        since = timezone.now() - datetime.timedelta(days=ACTIVE_DAYS)
        totals = totals_by_course(since)
        courses = CoursePage.objects.select_related("locale").order_by("title", "locale__language_code")
        context["rows"] = [
            (course, totals.get(course.pk, Totals()), reverse(f"{URL_NAMESPACE}:course", args=[course.pk]))
            for course in courses
        ]
        context["active_days"] = ACTIVE_DAYS
        return context


class CourseView(CsvExport, StatisticsView):
    template_name = "courses/learning/admin/course.html"

    def get(self, request, *args, **kwargs):
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        self.statistics = course_statistics(self.course)
        if request.GET.get("export") == "csv":
            filename = f"learning-{slugify(self.course.title)[:60]}-{timezone.localdate().isoformat()}.csv"
            return csv_response(filename, csv_rows(self.statistics))
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Learning: %(course)s") % {"course": self.course.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{URL_NAMESPACE}:index"), "label": gettext("Learning: courses")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            course=self.course,
            statistics=self.statistics,
            chart=lesson_chart(self.statistics) if self.statistics.lessons else None,
            csv_url=self.request.path + "?export=csv",
            active_days=ACTIVE_DAYS,
        )
        return context


urlpatterns = [
    path("", CoursesView.as_view(), name="index"),
    path("<int:course_id>/", CourseView.as_view(), name="course"),
]
