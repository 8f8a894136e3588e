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
from .models import Certificate, Enrolment, LearnerAction, LessonCompletion, QuizAttempt
from .progress import Outline, Progress, course_outline, progress_for
from .quizzes import QuizResult, items_of, score_quiz

if TYPE_CHECKING:
    import datetime
    import uuid

    from wagtail.models import Page

    from ..access.policy import Decision


class NotAllowed(Exception):  # noqa: N818 — a refusal, with the policy's next step
    def __init__(self, decision: Decision):
        super().__init__(decision.message)
        self.decision = decision


class AlreadyReceived(Exception):  # noqa: N818 — the same action, sent again
    """An action whose key was received before: it was counted (or refused) then, and changes nothing now."""

    def __init__(self, action: LearnerAction):
        super().__init__(str(action.key))
        self.action = action


@dataclass
class Outcome:
    """What an action did to the learner's course."""

    enrolment: Enrolment
    outline: Outline
    progress: Progress
    certificate: Certificate | None = None
    newly_completed: bool = False
    attempt: QuizAttempt | None = None  # the learner's record of the quiz just answered (quiz_submit)
    newly_done: bool = False  # the lesson was not done before (lesson_complete)


def _allowed(user, course: Page) -> None:
    decision = access.check(user, course)
    if not decision.allowed:
        raise NotAllowed(decision)


def _enrolment(user, course: Page, at: datetime.datetime | None = None) -> Enrolment:
    """The learner's enrolment, made now (or when an action sent later happened) if there is none."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is not None:
        return enrolment
    moment = at or timezone.now()
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                user=user, course=course, enrolled_at=moment, last_activity_at=moment
            )
    except IntegrityError:  # enrolled at the same moment from another tab
        return Enrolment.objects.get(user=user, course=course)


@transaction.atomic
def enrol(*, user, course: Page) -> Enrolment:
    """Enrol the user if the access policy lets them open the course; idempotent. Raises NotAllowed."""
    _allowed(user, course)
    return _enrolment(user, course)


def _touch(enrolment: Enrolment, at: datetime.datetime | None = None) -> None:
    """The learner's last activity: now, or when an action sent later happened if that is later still."""
    moment = at or timezone.now()
    if at is not None and enrolment.last_activity_at is not None and enrolment.last_activity_at > at:
        moment = enrolment.last_activity_at
    enrolment.last_activity_at = moment
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=moment)


def _mark_done(enrolment: Enrolment, lesson: Page, at: datetime.datetime | None = None) -> bool:
    """Whether the lesson is newly done; done from now, or from `at` for an action sent later."""
    if enrolment.completions.filter(lesson=lesson).exists():
        return False
    try:
        with transaction.atomic():
            LessonCompletion.objects.create(
                enrolment=enrolment, lesson=lesson, completed_at=at or timezone.now()
            )
    except IntegrityError:  # the same lesson marked done twice at once
        return False
    return True


def _receive(
    user, key: uuid.UUID | None, kind: str, lesson: Page, block_id: str, at: datetime.datetime | None
) -> LearnerAction | None:
    """Refuse an action whose key was received before (AlreadyReceived); the record itself is written by
    `_received`, in the same transaction as what the action does."""
    if key is None:
        return None
    earlier = LearnerAction.objects.filter(key=key).first()
    if earlier is not None:
        raise AlreadyReceived(earlier)
    return LearnerAction(
        key=key, user=user, kind=kind, lesson=lesson, block_id=block_id, happened_at=at or timezone.now()
    )


def _received(action: LearnerAction | None, outcome: str, score: int | None = None) -> None:
    """Keep the action with what it did. The key is unique: the same action arriving at the same moment by
    another way (a retry racing the first send) fails here, and everything it did is undone with it."""
    if action is None:
        return
    action.outcome, action.score = outcome, score
    try:
        with transaction.atomic():
            action.save(force_insert=True)
    except IntegrityError:
        raise AlreadyReceived(LearnerAction.objects.get(key=action.key)) from None


def _course_of(lesson: Page) -> Page:
    return lesson.gated_item


@transaction.atomic
def lesson_complete(
    *, user, lesson: Page, key: uuid.UUID | None = None, at: datetime.datetime | None = None
) -> Outcome:
    """Mark a lesson done for the user (enrolling them if the policy allows). Idempotent.

    With a `key`, the action is received once (AlreadyReceived the next times); `at` is when it happened,
    for an action sent later by a device that was offline (courses/learning/sent_later.py)."""
    action = _receive(user, key, LearnerAction.Kind.LESSON_DONE, lesson, "", at)
    course = _course_of(lesson)
    _allowed(user, course)
    enrolment = _enrolment(user, course, at)
    newly_done = _mark_done(enrolment, lesson, at)
    _touch(enrolment, at)
    outcome = _conclude(enrolment, course, at)
    outcome.newly_done = newly_done
    _received(action, LearnerAction.Outcome.COUNTED if newly_done else LearnerAction.Outcome.ALREADY)
    return outcome


def quiz_of(lesson: Page, block_id: str) -> Mapping | None:
    """The value of the quiz block with this id in the lesson's live body, or None."""
    for child in lesson.body.blocks_by_name("quiz"):
        if child.id == block_id:
            return child.value
    return None


@transaction.atomic
def quiz_submit(
    *,
    user,
    lesson: Page,
    block_id: str,
    answers: Mapping,
    version: str = "",
    key: uuid.UUID | None = None,
    at: datetime.datetime | None = None,
) -> tuple[QuizResult, Outcome]:
    """Score one attempt, keep the best score, and mark the lesson done once all its quizzes are passed.
    Raises LookupError for a block id that is not a quiz of this lesson, NotAllowed without access, and
    QuizRefused, recording nothing, for answers with a question left out, to a quiz that changed since it
    was shown (`version`, quizzes.version_of), or an attempt the quiz's rules do not allow when it was made
    (passed already, no attempts left, a wait still running: courses/learning/quizzes.py).

    With a `key`, the attempt is received once (AlreadyReceived the next times); `at` is when it was made,
    for an attempt sent later by a device that was offline: the attempts recorded count against the limit,
    and the answers shown afterwards are those of the latest attempt."""
    quiz = quiz_of(lesson, block_id)
    if quiz is None:
        raise LookupError(block_id)
    action = _receive(user, key, LearnerAction.Kind.QUIZ, lesson, block_id, at)
    course = _course_of(lesson)
    _allowed(user, course)
    if version and version != quizzes.version_of(quiz):
        raise quizzes.QuizRefused("changed")
    moment = at or timezone.now()
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    record = (
        QuizAttempt.objects.select_for_update().filter(enrolment=enrolment, block_id=block_id).first()
        if enrolment is not None
        else None
    )
    rules = quizzes.rules_of(quiz)
    quizzes.check_attempt(quizzes.standing_at(rules, record, moment))
    missing = quizzes.unanswered(answers, len(items_of(quiz["questions"])))
    if missing:
        raise quizzes.QuizRefused("unanswered", missing=missing)
    if enrolment is None:
        enrolment = _enrolment(user, course, at)
    if record is None:
        record, created = QuizAttempt.objects.select_for_update().get_or_create(
            enrolment=enrolment, block_id=block_id, defaults={"lesson": lesson}
        )
        if not created:  # a first attempt sent at the same moment from another tab counted first
            quizzes.check_attempt(quizzes.standing_at(rules, record, moment))
    result = score_quiz(quiz, answers)
    record.lesson = lesson
    if not record.attempts or moment >= record.last_attempted_at:  # the latest attempt is the one shown
        record.last_score = result.score
        record.last_answers = {str(f.number - 1): sorted(f.chosen) for f in result.feedback}
        record.last_attempted_at = moment
    record.attempts += 1
    record.best_score = max(record.best_score, result.score)
    record.passed = record.passed or result.passed
    record.save()
    quiz_ids = [child.id for child in lesson.body.blocks_by_name("quiz")]
    passed = set(
        enrolment.quiz_attempts.filter(block_id__in=quiz_ids, passed=True).values_list("block_id", flat=True)
    )
    if passed >= set(quiz_ids):
        _mark_done(enrolment, lesson, at)
    _touch(enrolment, at)
    outcome = _conclude(enrolment, course, at)
    outcome.attempt = record
    _received(action, LearnerAction.Outcome.COUNTED, result.score)
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


def _conclude(enrolment: Enrolment, course: Page, at: datetime.datetime | None = None) -> Outcome:
    """The learner's progress after an action; a course complete for the first time is completed when its
    last step was taken: now, or, for an action sent later, at the latest activity (which that action's
    moment may not be, if the learner did more online in the meantime)."""
    outline = course_outline(course)
    outcome = Outcome(enrolment, outline, progress_for(enrolment, outline))
    if not outcome.progress.is_complete:
        return outcome
    if enrolment.completed_at is None:
        enrolment.completed_at = enrolment.last_activity_at if at is not None else timezone.now()
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
