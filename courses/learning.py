"""The learning rules, in one place: what a course asks of a learner, progress, quiz scoring, completion,
enrolment and certificates.

- A course asks for every live lesson to be done and every quiz in those lessons to be passed. Which
  lessons and quizzes those are is read from the course as it is now (`course_outline`): a lesson deleted
  or unpublished stops counting, a lesson added starts counting. Progress is kept per lesson page and per
  quiz block id (stable across revisions), so editing a published course keeps everyone's progress.
- A learner may enrol when the access policy (courses/access.py) lets them open the course: members,
  authorised users, buyers of a priced course (an entitlement). Marking a lesson done or answering a quiz
  enrols them too, under the same rule; losing access stops further progress, never what was earned.
- A quiz is scored on submit: the share of questions answered right (every correct answer chosen, and
  only those), passed at the block's pass mark. Only complete answers count, and retries within the quiz's
  attempt rules (courses/quizzes.py); the best score is kept, and a quiz once passed stays passed (and
  takes no more attempts). Passing every quiz of a lesson marks that lesson done.
- "Resume" opens the first lesson not yet finished (not done, or with a quiz not passed).
- When everything is done the enrolment is completed and a certificate is issued once, written in the
  learner's language, with its facts copied (name, organisation, course, hours, date, credits, licence)
  and a code of 80 random bits that the public verification page looks up by digest (no sequential ids).
  It is e-mailed to the learner after the transaction commits.

Pure functions first (`outline_of`, `progress_of`, `score_quiz`, ...), then the reads and the services.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial, reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from portal.compiled_query import CompiledQuery

from . import access, licensing, quizzes
from .aggregates import joined_subquery, split_ints
from .models import (
    Certificate,
    CourseContributor,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
)

if TYPE_CHECKING:
    from .access import Decision

CODE_BYTES = 10  # 80 random bits: 16 characters of base32
CODE_LENGTH = 16
_TYPED_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


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


# --- quiz scoring (pure) ----------------------------------------------------------------------------------


def _items(value) -> list:
    """The items of a ListBlock value, whether built (a ListValue) or raw JSON ({"type": "item", ...})."""
    return [
        item["value"]
        if isinstance(item, Mapping) and item.get("type") == "item" and "value" in item
        else item
        for item in (value or [])
    ]


@dataclass(frozen=True)
class QuestionFeedback:
    number: int  # 1-based
    chosen: frozenset[int]
    correct_choices: frozenset[int]
    explanation: str = ""

    @property
    def answered(self) -> bool:
        return bool(self.chosen)

    @property
    def right(self) -> bool:
        return self.chosen == self.correct_choices


@dataclass(frozen=True)
class QuizResult:
    pass_mark: int
    feedback: tuple[QuestionFeedback, ...]

    @property
    def total(self) -> int:
        return len(self.feedback)

    @property
    def correct(self) -> int:
        return sum(question.right for question in self.feedback)

    @property
    def score(self) -> int:
        """Percent of questions answered right, rounded down (so a score shown as 70 has reached 70)."""
        return self.correct * 100 // self.total if self.total else 0

    @property
    def passed(self) -> bool:
        return self.total > 0 and self.correct * 100 >= self.pass_mark * self.total


def score_quiz(quiz: Mapping, answers: Mapping[Any, Iterable[int]]) -> QuizResult:
    """Score answers ({question index: chosen choice indexes}, 0-based) against a quiz block's value."""
    feedback = []
    for index, question in enumerate(_items(quiz["questions"])):
        choices = _items(question["choices"])
        correct = frozenset(i for i, choice in enumerate(choices) if choice.get("correct"))
        chosen = answers.get(index, answers.get(str(index), ()))
        chosen = frozenset(int(i) for i in chosen if 0 <= int(i) < len(choices))
        feedback.append(QuestionFeedback(index + 1, chosen, correct, str(question.get("explanation") or "")))
    return QuizResult(int(quiz.get("pass_mark") or 0), tuple(feedback))


def answers_from(data, quiz: Mapping) -> dict[int, list[int]]:
    """The answers posted for a quiz (fields q0, q1, … holding choice indexes), ignoring anything else."""
    answers = {}
    for index, question in enumerate(_items(quiz["questions"])):
        count = len(_items(question["choices"]))
        values = {value for value in data.getlist(f"q{index}") if value.isdigit() and int(value) < count}
        answers[index] = sorted(int(value) for value in values)
    return answers


# --- certificate codes (pure) -----------------------------------------------------------------------------


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def normalise_code(text: str) -> str:
    """A typed code as stored: capitals, without spaces or hyphens, with 0/1/8 read as O/I/B."""
    cleaned = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    return cleaned.translate(_TYPED_LOOKALIKES)[:64]


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", errors="replace")).hexdigest()


# --- reads ------------------------------------------------------------------------------------------------

OUTLINE_FIELDS = ("id", "title", "url_path", "path", "depth", "body", "duration_minutes")


def course_outline(course: CoursePage) -> Outline:
    """The course's live lessons and their quizzes: the one its page keeps in memory
    (`CoursePage.keep_outline`), or read now with the lessons' bodies (for the quiz block ids)."""
    kept = getattr(course, "_outline", None)
    return kept if kept is not None else outline_of(course.read_lessons(with_body=True))


def outlines_of(courses: Iterable[CoursePage]) -> dict[int, Outline]:
    """The outlines of several courses in one query."""
    courses = list(courses)
    if not courses:
        return {}
    children = reduce(or_, (Q(path__startswith=course.path, depth=course.depth + 1) for course in courses))
    lessons = LessonPage.objects.live().filter(children).only(*OUTLINE_FIELDS).order_by("path")
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

    course: CoursePage
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


def learner_state(user, course: CoursePage) -> LearnerState:
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
    def course(self) -> CoursePage:
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


def dashboard(user) -> Dashboard:
    """The learner's courses and certificates in five queries, however many courses and lessons."""
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
    return Dashboard(in_progress, completed, certificates)


def learner_name(user) -> str:
    """The name a certificate carries; never the e-mail address (the verification page is public)."""
    return (user.full_name or f"{user.first_name} {user.last_name}").strip()


def verification_path(code: str, language: str) -> str:
    with translation.override(language):
        return reverse("courses:certificate_verify", kwargs={"code": code})


def verification_url(certificate: Certificate) -> str:
    base = settings.PORTAL_BASE_URL
    return base + verification_path(certificate.display_code, certificate.language)


def certificate_lookup(code: str) -> Certificate | None:
    """The certificate with this code, or None. Looked up by the code's SHA-256 digest, so the database
    compares digests, not the code typed; the code is then compared in constant time."""
    normalised = normalise_code(code)
    if len(normalised) != CODE_LENGTH:
        return None
    certificate = Certificate.objects.filter(code_digest=code_digest(normalised)).first()
    if certificate is None or not hmac.compare_digest(certificate.code, normalised):
        return None
    return certificate


# --- services ---------------------------------------------------------------------------------------------


class NotAllowed(Exception):  # noqa: N818 — a refusal, with the policy's next step
    def __init__(self, decision: Decision):
        super().__init__(decision.message)
        self.decision = decision


@dataclass
class Outcome:
    """What an action did to the learner's course."""

    enrolment: Enrolment
    outline: Outline
    progress: Progress
    certificate: Certificate | None = None
    newly_completed: bool = False
    attempt: QuizAttempt | None = None  # the learner's record of the quiz just answered (quiz_submit)


def _allowed(user, course: CoursePage) -> None:
    decision = access.check(user, course)
    if not decision.allowed:
        raise NotAllowed(decision)


def _enrolment(user, course: CoursePage) -> Enrolment:
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None:
        return enrolment
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course)
    except IntegrityError:  # enrolled at the same moment from another tab
        return Enrolment.objects.get(user=user, course=course)


@transaction.atomic
def enrol(*, user, course: CoursePage) -> Enrolment:
    """Enrol the user if the access policy lets them open the course; idempotent. Raises NotAllowed."""
    _allowed(user, course)
    return _enrolment(user, course)


def _touch(enrolment: Enrolment) -> None:
    enrolment.last_activity_at = timezone.now()
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=enrolment.last_activity_at)


def _mark_done(enrolment: Enrolment, lesson: LessonPage) -> None:
    if enrolment.completions.filter(lesson=lesson).exists():
        return
    try:
        with transaction.atomic():
            LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    except IntegrityError:  # the same lesson marked done twice at once
        pass


def _course_of(lesson: LessonPage) -> CoursePage:
    return lesson.gated_item


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage) -> Outcome:
    """Mark a lesson done for the user (enrolling them if the policy allows). Idempotent."""
    course = _course_of(lesson)
    _allowed(user, course)
    enrolment = _enrolment(user, course)
    _mark_done(enrolment, lesson)
    _touch(enrolment)
    return _conclude(enrolment, course)


def quiz_of(lesson: LessonPage, block_id: str) -> Mapping | None:
    """The value of the quiz block with this id in the lesson's live body, or None."""
    for child in lesson.body.blocks_by_name("quiz"):
        if child.id == block_id:
            return child.value
    return None


@transaction.atomic
def quiz_submit(*, user, lesson: LessonPage, block_id: str, answers: Mapping) -> tuple[QuizResult, Outcome]:
    """Score one attempt, keep the best score, and mark the lesson done once all its quizzes are passed.
    Raises LookupError for a block id that is not a quiz of this lesson, NotAllowed without access, and
    QuizRefused, recording nothing, for answers with a question left out or an attempt the quiz's rules do
    not allow now (passed already, no attempts left, a wait still running: courses/quizzes.py)."""
    quiz = quiz_of(lesson, block_id)
    if quiz is None:
        raise LookupError(block_id)
    course = _course_of(lesson)
    _allowed(user, course)
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    record = (
        QuizAttempt.objects.select_for_update().filter(enrolment=enrolment, block_id=block_id).first()
        if enrolment is not None
        else None
    )
    rules = quizzes.rules_of(quiz)
    quizzes.check_attempt(quizzes.standing_of(rules, record, timezone.now()))
    missing = quizzes.unanswered(answers, len(_items(quiz["questions"])))
    if missing:
        raise quizzes.QuizRefused("unanswered", missing=missing)
    if enrolment is None:
        enrolment = _enrolment(user, course)
    if record is None:
        record, created = QuizAttempt.objects.select_for_update().get_or_create(
            enrolment=enrolment, block_id=block_id, defaults={"lesson": lesson}
        )
        if not created:  # a first attempt sent at the same moment from another tab counted first
            quizzes.check_attempt(quizzes.standing_of(rules, record, timezone.now()))
    result = score_quiz(quiz, answers)
    record.lesson = lesson
    record.attempts += 1
    record.last_score = result.score
    record.best_score = max(record.best_score, result.score)
    record.passed = record.passed or result.passed
    record.last_answers = {str(f.number - 1): sorted(f.chosen) for f in result.feedback}
    record.last_attempted_at = timezone.now()
    record.save()
    quiz_ids = [child.id for child in lesson.body.blocks_by_name("quiz")]
    passed = set(
        enrolment.quiz_attempts.filter(block_id__in=quiz_ids, passed=True).values_list("block_id", flat=True)
    )
    if passed >= set(quiz_ids):
        _mark_done(enrolment, lesson)
    _touch(enrolment)
    outcome = _conclude(enrolment, course)
    outcome.attempt = record
    return result, outcome


@transaction.atomic
def course_complete(*, user, course: CoursePage) -> Outcome:
    """Check whether the learner has finished the course and issue the certificate if so (for a course
    finished by removing its last missing lesson, or once a missing name has been given)."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        _allowed(user, course)
        enrolment = _enrolment(user, course)
    return _conclude(enrolment, course)


def _conclude(enrolment: Enrolment, course: CoursePage) -> Outcome:
    outline = course_outline(course)
    outcome = Outcome(enrolment, outline, progress_for(enrolment, outline))
    if not outcome.progress.is_complete:
        return outcome
    if enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
        outcome.newly_completed = True
    outcome.certificate = Certificate.objects.filter(user=enrolment.user, course=course).first()
    if outcome.certificate is None:
        outcome.certificate = certificate_issue(enrolment=enrolment, course=course)
    return outcome


def _credits_text(credits) -> str:
    return ", ".join(f"{credit.contributor.name} ({credit.get_role_display().lower()})" for credit in credits)


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment, course: CoursePage) -> Certificate | None:
    """Issue the certificate of a completed enrolment, once; None while the learner has no name to print.
    The facts are written in the learner's language; the e-mail leaves after the transaction commits."""
    from . import delivery, tasks

    user = enrolment.user
    name = learner_name(user)
    if not name:
        return None
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    organisation = delivery.downloader_for(
        user, is_member=access.viewer_for(user).is_member
    ).organisation_name
    # Read the credits afresh: a course loaded with its credits prefetched hands modelcluster's manager a
    # cache, and filtering that manager again would not be limited to this course.
    credits = list(
        CourseContributor.objects.filter(page=course).select_related("contributor").order_by("sort_order")
    )
    terms = licensing.item_terms(course)
    completed = timezone.localtime(enrolment.completed_at or timezone.now()).date()
    with translation.override(language):
        facts = {
            "contributors": _credits_text(credits),
            "licence_name": terms.name if terms else "",
            "licence_url": terms.url if terms else "",
            "attribution": licensing.attribution(
                licence=terms,
                title=course.title,
                contributors=licensing.credited_names(credits),
                year=(course.first_published_at or timezone.now()).year,
            ),
        }
    for _attempt in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    code=code,
                    code_digest=code_digest(code),
                    user=user,
                    course=course,
                    language=language,
                    learner_name=name[:200],
                    organisation_name=(organisation or "")[:255],
                    course_title=course.title[:255],
                    hours=course.estimated_hours,
                    completed_on=completed,
                    **{key: value[:1000] for key, value in facts.items()},
                )
        except IntegrityError:
            existing = Certificate.objects.filter(user=user, course=course).first()
            if existing is not None:  # issued at the same moment by another request
                return existing
            continue  # the one-in-2^80 code collision: draw again
        transaction.on_commit(partial(tasks.email_certificate.enqueue, certificate.pk))
        return certificate
    raise RuntimeError("Could not draw a unique certificate code.")
