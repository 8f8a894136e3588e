"""The signed-in reader's courses at a glance, for the pages that list courses: "Continue learning" on the
home page, and the reader's state on the cards of the home page and the catalogue.

One query for all of the reader's enrolments, whatever the page shows, with the lessons they marked done and
the quizzes they passed joined in; the courses' outlines from each process's memory under the page cache's
generation (shared with the course pages: `CoursePage.keep_outline`), those not kept yet read together in
one query. What counts is decided by the learning rules (courses/learning/progress.py `Progress`), so a card,
"Continue learning", "My learning" and the course page always say the same.

Visitors without a session never reach this: their pages are stored whole (portal/speed/page_cache.py) and
stay the same for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from portal.speed import page_cache
from portal.speed.compiled_query import CompiledQuery

from ..aggregates import joined_subquery, split_ints
from ..learning.models import Enrolment, LessonCompletion, QuizAttempt
from ..learning.progress import Outline, Progress, outlines_of, progress_of, resume_lesson
from .course_pages import CoursePage

CONTINUE_LEARNING_MAX = 4  # the most recently active courses; "My learning" lists them all


@dataclass(frozen=True)
class CourseGlance:
    """One of the reader's courses: how far they are, and where to go on."""

    course: CoursePage  # enough of the page for its title and address
    outline: Outline
    progress: Progress
    completed_at: datetime | None
    last_activity_at: datetime

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def lessons_new(self) -> int:
        """Lessons added (or changed to ask for a new quiz) since the course was completed."""
        return self.progress.lessons_left if self.is_completed else 0

    @property
    def resume(self):
        return resume_lesson(self.outline, self.progress)

    @property
    def resume_position(self) -> int | None:
        lesson = self.resume
        return self.outline.position_of(lesson.pk) if lesson is not None else None


def _enrolments_of(user_id):
    """The reader's enrolments in live courses, most recent activity first, each with the ids of the lessons
    done and of the quizzes passed, and what the page needs of its course."""
    done = LessonCompletion.objects.filter(enrolment=OuterRef("pk"))
    passed = QuizAttempt.objects.filter(enrolment=OuterRef("pk"), passed=True)
    return (
        Enrolment.objects.filter(user_id=user_id, course__live=True)
        .annotate(
            done=joined_subquery(done, "enrolment", "lesson_id"),
            passed=joined_subquery(passed, "enrolment", "block_id"),
            course_title=F("course__title"),
            course_url_path=F("course__url_path"),
            course_path=F("course__path"),
            course_depth=F("course__depth"),
        )
        .order_by("-last_activity_at", "-pk")
    )


# Asked on every signed-in page that lists courses: compiled to SQL once a day, not on each request.
_ENROLMENTS = CompiledQuery(_enrolments_of)


def _course_of(enrolment) -> CoursePage:
    return CoursePage(
        id=enrolment.course_id,
        page_ptr_id=enrolment.course_id,
        title=enrolment.course_title,
        url_path=enrolment.course_url_path,
        path=enrolment.course_path,
        depth=enrolment.course_depth,
    )


def _kept_outlines(request, courses: list[CoursePage]) -> dict[int, Outline]:
    """The courses' outlines as the course pages keep them (lessons without their bodies, and the quizzes
    in them); those not kept yet read in one query."""
    by_key = {f"outline:{course.pk}": course for course in courses}

    def read(missing: list[str]) -> dict[str, Outline]:
        outlines = outlines_of(by_key[key] for key in missing)
        kept = {}
        for key in missing:
            outline = outlines[by_key[key].pk]
            for lesson in outline.lessons:
                lesson.__dict__.pop("body", None)  # deferred again: only the course pages read bodies
            kept[key] = outline
        return kept

    found = page_cache.kept_many(request, list(by_key), read)
    return {course.pk: found[key] for key, course in by_key.items()}


def reader_courses(request) -> dict[int, CourseGlance]:
    """The signed-in reader's courses by course id, in order of their latest activity; read once per
    request. Empty for a visitor or a preview."""
    known = getattr(request, "_clase_reader_courses", None)
    if known is not None:
        return known
    user = getattr(request, "user", None)
    glances: dict[int, CourseGlance] = {}
    if user is not None and user.is_authenticated and not getattr(request, "is_preview", False):
        enrolments = _ENROLMENTS.instances(Enrolment, user.pk)
        courses = [_course_of(enrolment) for enrolment in enrolments]
        outlines = _kept_outlines(request, courses)
        for enrolment, course in zip(enrolments, courses, strict=True):
            outline = outlines[course.pk]
            progress = progress_of(outline, split_ints(enrolment.done), _split(enrolment.passed))
            glances[course.pk] = CourseGlance(
                course, outline, progress, enrolment.completed_at, enrolment.last_activity_at
            )
    request._clase_reader_courses = glances
    return glances


def _split(text: str | None) -> list[str]:
    return text.split(",") if text else []


def continue_learning(request) -> list[CourseGlance]:
    """The reader's courses not completed, most recently active first."""
    return [glance for glance in reader_courses(request).values() if not glance.is_completed][
        :CONTINUE_LEARNING_MAX
    ]


def with_reader_state(request, items, cards: list[str]) -> list[str]:
    """The listing's cards (the same HTML for every reader with the same decisions, kept in the caches of
    courses/catalogue/search.py), each course the reader is enrolled in given their state, as the cards
    rendered whole show it (templates/includes/item_card.html)."""
    glances = reader_courses(request)
    if not glances:
        return cards
    template = get_template("courses/learning/card_state.html")
    stated = []
    for (item, _decision), card in zip(items, cards, strict=True):
        glance = glances.get(item.pk)
        end = card.rfind("</article>") if glance is not None else -1
        if end < 0:
            stated.append(card)
            continue
        state = template.render({"glance": glance})
        stated.append(mark_safe(card[:end] + state + card[end:]))  # noqa: S308 — both parts rendered by templates
    return stated
