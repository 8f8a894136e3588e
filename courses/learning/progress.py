"""What a course asks of a learner and how far they are: the outline, progress, "resume", "My learning".

The learning rules, in four modules: this one (pure functions first, then the reads), the quizzes
(courses/learning/quizzes.py), the certificates (courses/learning/certificates.py) and what a learner does
(courses/learning/services.py: enrol, finish a lesson, answer a quiz, complete a course).

- A course asks for every live lesson to be done and every quiz in those lessons to be passed. Which
  lessons and quizzes those are is read from the course as it is now (`course_outline`): a lesson deleted
  or unpublished stops counting, a lesson added starts counting. Progress is kept per lesson page and per
  quiz block id (stable across revisions), so editing a published course keeps everyone's progress.
- A learner may enrol when the access policy (courses/access/policy.py) lets them open the course: members,
  authorised users, buyers of a priced course (an entitlement). Marking a lesson done or answering a quiz
  enrols them too, under the same rule; losing access stops further progress, never what was earned.
- A quiz is scored on submit: the share of questions answered right (every correct answer chosen, and
  only those), passed at the block's pass mark. Only complete answers count, and retries within the
  quiz's attempt rules (courses/learning/quizzes.py); the best score is kept, and a quiz once passed stays
  passed (and takes no more attempts). Passing every quiz of a lesson marks that lesson done.
- "Resume" opens the first lesson not yet finished (not done, or with a quiz not passed).
- When everything is done the enrolment is completed and a certificate is issued once, written in the
  learner's language, with its facts copied (name, organisation, course, hours, date, credits, licence)
  and a code of 80 random bits that the public verification page looks up by digest (no sequential ids).
  It is e-mailed to the learner after the transaction commits.

"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import OuterRef, Q
from wagtail.models import Page

from portal.speed.compiled_query import CompiledQuery

from ..aggregates import joined_subquery, split_ints
from . import assignments
from .certificates import learner_name
from .models import Certificate, Enrolment, LessonCompletion, QuizAttempt

# --- what a course asks of a learner (pure) -------------------------------------------------------------


@dataclass(frozen=True)
class QuizRef:
    block_id: str
    lesson_id: int
    title: str
    pass_mark: int


@dataclass(frozen=True)
class Outline:
    """The live lessons of a course in order, and the quizzes in them."""

    lessons: tuple = ()
    quizzes: tuple[QuizRef, ...] = ()

    @property
    def lesson_ids(self) -> list[int]:
        return [lesson.pk for lesson in self.lessons]

    def quizzes_of(self, lesson_id: int) -> list[QuizRef]:
        return [quiz for quiz in self.quizzes if quiz.lesson_id == lesson_id]

    def position_of(self, lesson_id: int) -> int | None:
        """1 for the first lesson; None for a lesson that is not (or no longer) in the course."""
        return next((i + 1 for i, lesson in enumerate(self.lessons) if lesson.pk == lesson_id), None)


def quiz_blocks(body) -> list[tuple[str, Mapping]]:
    """(block id, raw value) of each quiz in a lesson body, read from the stored JSON without building
    the blocks."""
    return [
        (item.get("id") or "", item.get("value") or {})
        for item in (body.raw_data if body is not None else [])
        if item.get("type") == "quiz"
    ]


def outline_of(lessons: Iterable) -> Outline:
    lessons = tuple(lessons)
    quizzes = tuple(
        QuizRef(block_id, lesson.pk, str(value.get("title", "")), int(value.get("pass_mark") or 0))
        for lesson in lessons
        for block_id, value in quiz_blocks(lesson.body)
        if block_id
    )
    return Outline(lessons, quizzes)


@dataclass(frozen=True)
class Progress:
    """How far a learner is in a course, in one measure: lessons completed out of the course's lessons.

    A lesson is completed when it is marked done and every quiz in it is passed (a quiz is a step of its
    lesson, not a step of its own): the percentage, the "1 of 3 lessons completed" text, the marks in the
    outline, the catalogue's cards and "Continue learning" all read this count, so they never disagree.
    The quizzes passed are counted as well, only to be stated beside it."""

    lessons_total: int = 0
    lessons_done: int = 0  # marked done, quizzes passed or not
    quizzes_total: int = 0
    quizzes_passed: int = 0
    done: frozenset = field(default_factory=frozenset)  # ids of the course's lessons marked done
    passed: frozenset = field(default_factory=frozenset)  # block ids of the course's quizzes passed
    completed: frozenset = field(default_factory=frozenset)  # ids of the lessons done with their quizzes

    @property
    def lessons_completed(self) -> int:
        return len(self.completed)

    @property
    def lessons_left(self) -> int:
        return self.lessons_total - self.lessons_completed

    @property
    def percent(self) -> int:
        """Lessons completed out of the course's lessons, rounded down (so 100 means every one)."""
        return self.lessons_completed * 100 // self.lessons_total if self.lessons_total else 0

    @property
    def is_complete(self) -> bool:
        return self.lessons_total > 0 and self.lessons_completed == self.lessons_total

    @property
    def is_started(self) -> bool:
        return bool(self.done or self.passed)

    @property
    def key(self) -> str:
        """Names this state of the course's outline, for fragments kept per state (the lessons done
        and the quizzes passed; what the outline holds changes with the generation)."""
        return f"{','.join(map(str, sorted(self.done)))}:{','.join(sorted(self.passed))}"


def progress_of(outline: Outline, done: Iterable[int], passed: Iterable[str]) -> Progress:
    """Count only what the course asks for now: work on removed lessons or quizzes does not count."""
    done = frozenset(done) & frozenset(outline.lesson_ids)
    passed = frozenset(passed) & frozenset(quiz.block_id for quiz in outline.quizzes)
    completed = frozenset(
        lesson_id
        for lesson_id in done
        if all(quiz.block_id in passed for quiz in outline.quizzes_of(lesson_id))
    )
    return Progress(
        len(outline.lessons), len(done), len(outline.quizzes), len(passed), done, passed, completed
    )


def lesson_finished(outline: Outline, progress: Progress, lesson_id: int) -> bool:
    return lesson_id in progress.completed


def resume_lesson(outline: Outline, progress: Progress):
    """The first lesson not finished; the first lesson when everything is finished (to read it again)."""
    for lesson in outline.lessons:
        if not lesson_finished(outline, progress, lesson.pk):
            return lesson
    return outline.lessons[0] if outline.lessons else None


# --- reads ------------------------------------------------------------------------------------------------

OUTLINE_FIELDS = ("id", "title", "url_path", "path", "depth", "body", "duration_minutes")


def course_outline(course: Page) -> Outline:
    """The course's live lessons and their quizzes: the one its page keeps in memory
    (`CoursePage.keep_outline`), or read now with the lessons' bodies (for the quiz block ids)."""
    kept = getattr(course, "_outline", None)
    return kept if kept is not None else outline_of(course.read_lessons(with_body=True))


def outlines_of(courses: Iterable[Page]) -> dict[int, Outline]:
    """The outlines of several courses in one query."""
    courses = list(courses)
    if not courses:
        return {}
    children = reduce(or_, (Q(path__startswith=course.path, depth=course.depth + 1) for course in courses))
    # The course page says where its lessons are (`CoursePage.lessons_of`): the rules name no page model.
    lessons = type(courses[0]).lessons_of(children).only(*OUTLINE_FIELDS).order_by("path")
    by_path: dict[str, list] = {course.path: [] for course in courses}
    for lesson in lessons:
        by_path[lesson.path[: -Page.steplen]].append(lesson)
    return {course.pk: outline_of(by_path[course.path]) for course in courses}


def progress_for(enrolment: Enrolment | None, outline: Outline) -> Progress:
    """Two queries: the lessons done and the quizzes passed."""
    if enrolment is None:
        return progress_of(outline, (), ())
    done = enrolment.completions.values_list("lesson_id", flat=True)
    passed = enrolment.quiz_attempts.filter(passed=True).values_list("block_id", flat=True)
    return progress_of(outline, done, passed)


@dataclass
class LearnerState:
    """What a course page and its lessons show a learner about their own progress."""

    course: Page
    user: Any = None
    enrolment: Enrolment | None = None
    outline: Outline = field(default_factory=Outline)
    progress: Progress = field(default_factory=Progress)
    attempts: dict[str, QuizAttempt] = field(default_factory=dict)
    certificate: Certificate | None = None

    @property
    def is_enrolled(self) -> bool:
        return self.enrolment is not None

    @property
    def is_completed(self) -> bool:
        return self.certificate is not None or (
            self.enrolment is not None and self.enrolment.completed_at is not None
        )

    @property
    def resume(self):
        return resume_lesson(self.outline, self.progress)

    @property
    def awaits_certificate(self) -> bool:
        """Everything is done but no certificate yet (a lesson removed since, or a name was missing)."""
        return self.certificate is None and self.progress.is_complete

    @property
    def lessons_new(self) -> int:
        """Lessons added (or changed to ask for a new quiz) since the learner completed the course: the
        course stays completed and its certificate valid; these are offered as what is new."""
        return self.progress.lessons_left if self.is_completed else 0

    @property
    def needs_name(self) -> bool:
        return self.user is not None and not learner_name(self.user)

    def lesson_done(self, lesson_id: int) -> bool:
        return lesson_id in self.progress.done


def _enrolment_with_done(user_id, course_id):
    """The learner's enrolment in the course, with the ids of the lessons they finished."""
    done = LessonCompletion.objects.filter(enrolment=OuterRef("pk"))
    return Enrolment.objects.filter(user_id=user_id, course_id=course_id).annotate(
        done=joined_subquery(done, "enrolment", "lesson_id")
    )[:1]


# Asked on every course and lesson page a learner opens: compiled to SQL once a day, not on each request.
_ENROLMENT_WITH_DONE = CompiledQuery(_enrolment_with_done, arguments=2)
_ATTEMPTS = CompiledQuery(lambda enrolment_id: QuizAttempt.objects.filter(enrolment_id=enrolment_id))


def learner_state(user, course: Page) -> LearnerState:
    """Constant queries whatever the size of the course: none for a visitor, one for a signed-in user who is
    not enrolled, four for a learner (five once completed)."""
    if user is None or not user.is_authenticated:
        return LearnerState(course)
    enrolment = next(iter(_ENROLMENT_WITH_DONE.instances(Enrolment, user.pk, course.pk)), None)
    if enrolment is None:
        return LearnerState(course, user)
    outline = course_outline(course)
    attempts = {attempt.block_id: attempt for attempt in _ATTEMPTS.instances(QuizAttempt, enrolment.pk)}
    done = split_ints(enrolment.done)
    passed = [block_id for block_id, attempt in attempts.items() if attempt.passed]
    # A certificate is issued only once the enrolment is completed: no query before.
    certificate = (
        Certificate.objects.filter(user=user, course=course).first() if enrolment.completed_at else None
    )
    return LearnerState(
        course, user, enrolment, outline, progress_of(outline, done, passed), attempts, certificate
    )


@dataclass
class CourseProgress:
    """One course on "My learning"."""

    enrolment: Enrolment
    outline: Outline
    progress: Progress
    certificate: Certificate | None

    @property
    def course(self) -> Page:
        return self.enrolment.course

    @property
    def resume(self):
        return resume_lesson(self.outline, self.progress)

    @property
    def awaits_certificate(self) -> bool:
        return self.certificate is None and self.progress.is_complete

    @property
    def lessons_new(self) -> int:
        """Lessons added since the course was completed (see `LearnerState.lessons_new`)."""
        completed = self.certificate is not None or self.enrolment.completed_at is not None
        return self.progress.lessons_left if completed else 0


@dataclass
class Dashboard:
    in_progress: list[CourseProgress]
    completed: list[CourseProgress]
    certificates: list[Certificate]
    # The courses their organisations assigned them, shown first (courses/learning/assignments.py); a course
    # in progress that is assigned is shown there only.
    assigned: list[assignments.AssignedCourse] = field(default_factory=list)


def dashboard(user, today=None) -> Dashboard:
    """The learner's assigned courses, courses and certificates in six queries, however many courses,
    lessons and assignments."""
    assigned = list(assignments.assigned_to(user))
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course")
        .order_by("-last_activity_at")
    )
    outlines = outlines_of(enrolment.course for enrolment in enrolments)
    done, passed = {}, {}
    ids = [enrolment.pk for enrolment in enrolments]
    for enrolment_id, lesson_id in LessonCompletion.objects.filter(enrolment__in=ids).values_list(
        "enrolment_id", "lesson_id"
    ):
        done.setdefault(enrolment_id, []).append(lesson_id)
    for enrolment_id, block_id in QuizAttempt.objects.filter(enrolment__in=ids, passed=True).values_list(
        "enrolment_id", "block_id"
    ):
        passed.setdefault(enrolment_id, []).append(block_id)
    certificates = list(Certificate.objects.filter(user=user))
    by_course = {certificate.course_id: certificate for certificate in certificates}
    in_progress, completed = [], []
    for enrolment in enrolments:
        outline = outlines[enrolment.course_id]
        row = CourseProgress(
            enrolment,
            outline,
            progress_of(outline, done.get(enrolment.pk, ()), passed.get(enrolment.pk, ())),
            by_course.get(enrolment.course_id),
        )
        (completed if row.certificate is not None else in_progress).append(row)
    # The learner's row for each course, by translation key: the version they worked in last.
    rows_by_key: dict = {}
    for row in in_progress + completed:
        rows_by_key.setdefault(row.course.translation_key, row)
    shown = assignments.assigned_courses(assigned, rows_by_key, user=user, today=today)
    keys = {item.assignment.course.translation_key for item in shown}
    in_progress = [row for row in in_progress if row.course.translation_key not in keys]
    return Dashboard(in_progress, completed, certificates, shown)
