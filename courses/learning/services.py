"""What a learner does, under the learning rules (courses/learning/progress.py): enrol, finish a lesson,
answer a quiz, complete a course, and receive the certificate once everything is done.

A learner may act on a course only while the access policy (courses/access/policy.py) lets them open it;
losing access stops further progress, never what was earned. The certificate is written in the learner's
language, with its facts copied (name, organisation, course, hours, date, credits, licence), and e-mailed
after the transaction commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from ..access import delivery
from ..access import policy as access
from ..licensing import rules as licensing
from ..licensing.models import CourseContributor
from . import quizzes, tasks
from .certificates import code_digest, learner_name, new_code
from .models import Certificate, Enrolment, LessonCompletion, QuizAttempt
from .progress import Outline, Progress, course_outline, progress_for
from .quizzes import QuizResult, items_of, score_quiz

if TYPE_CHECKING:
    from wagtail.models import Page

    from ..access.policy import Decision


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


def _allowed(user, course: Page) -> None:
    decision = access.check(user, course)
    if not decision.allowed:
        raise NotAllowed(decision)


def _enrolment(user, course: Page) -> Enrolment:
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None:
        return enrolment
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course)
    except IntegrityError:  # enrolled at the same moment from another tab
        return Enrolment.objects.get(user=user, course=course)


@transaction.atomic
def enrol(*, user, course: Page) -> Enrolment:
    """Enrol the user if the access policy lets them open the course; idempotent. Raises NotAllowed."""
    _allowed(user, course)
    return _enrolment(user, course)


def _touch(enrolment: Enrolment) -> None:
    enrolment.last_activity_at = timezone.now()
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=enrolment.last_activity_at)


def _mark_done(enrolment: Enrolment, lesson: Page) -> None:
    if enrolment.completions.filter(lesson=lesson).exists():
        return
    try:
        with transaction.atomic():
            LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    except IntegrityError:  # the same lesson marked done twice at once
        pass


def _course_of(lesson: Page) -> Page:
    return lesson.gated_item


@transaction.atomic
def lesson_complete(*, user, lesson: Page) -> Outcome:
    """Mark a lesson done for the user (enrolling them if the policy allows). Idempotent."""
    course = _course_of(lesson)
    _allowed(user, course)
    enrolment = _enrolment(user, course)
    _mark_done(enrolment, lesson)
    _touch(enrolment)
    return _conclude(enrolment, course)


def quiz_of(lesson: Page, block_id: str) -> Mapping | None:
    """The value of the quiz block with this id in the lesson's live body, or None."""
    for child in lesson.body.blocks_by_name("quiz"):
        if child.id == block_id:
            return child.value
    return None


@transaction.atomic
def quiz_submit(*, user, lesson: Page, block_id: str, answers: Mapping) -> tuple[QuizResult, Outcome]:
    """Score one attempt, keep the best score, and mark the lesson done once all its quizzes are passed.
    Raises LookupError for a block id that is not a quiz of this lesson, NotAllowed without access, and
    QuizRefused, recording nothing, for answers with a question left out or an attempt the quiz's rules do
    not allow now (passed already, no attempts left, a wait still running: courses/learning/quizzes.py)."""
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
    missing = quizzes.unanswered(answers, len(items_of(quiz["questions"])))
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
def course_complete(*, user, course: Page) -> Outcome:
    """Check whether the learner has finished the course and issue the certificate if so (for a course
    finished by removing its last missing lesson, or once a missing name has been given)."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        _allowed(user, course)
        enrolment = _enrolment(user, course)
    return _conclude(enrolment, course)


def _conclude(enrolment: Enrolment, course: Page) -> Outcome:
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
def certificate_issue(*, enrolment: Enrolment, course: Page) -> Certificate | None:
    """Issue the certificate of a completed enrolment, once; None while the learner has no name to print.
    The facts are written in the learner's language; the e-mail leaves after the transaction commits."""
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
            "licence_name": terms.shown_name if terms else "",
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
