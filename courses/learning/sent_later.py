"""Progress sent later: what a learner did on a device without a connection (a lesson marked done, a quiz
answered, on a saved course's pages), sent when the connection returned, and resolved against what happened
online in the meantime. Each action arrives with a key of its own and the moment it happened on the device.

The rules (docs/reach.md, "Progress sent later", says them for readers and coordinators):

- **Once.** An action whose key was received before changes nothing: the answer is what it did the first
  time (`LearnerAction`, unique by key; two sends racing each other meet on that constraint).
- **Its moment.** It counts from when it happened on the device, but never later than its arrival (a clock
  ahead counts as the arrival) nor before the account existed. A lesson done keeps that moment; a course
  completed by a late action is completed at the learner's latest activity.
- **Access now.** The access policy is asked as for an action taken now: a reader who may no longer open
  the course has the action refused (`not_allowed`); what they had earned before stays.
- **A lesson removed or unpublished** meanwhile: nothing to mark (`lesson_gone`); it no longer counts.
- **Already done, already passed** (on another device, or online): `already`; the first time stands, and a
  course completed elsewhere keeps its certificate as issued.
- **A quiz removed** (`quiz_gone`), or **changed** since its page was saved (`quiz_changed`: the same answer
  numbers may now mean other choices): nothing counted; the learner answers it again.
- **The quiz's rules when the attempt was made**: attempts recorded count against the limit, a wait runs only
  from an attempt made before it; out of attempts, waiting, or a question left out: `refused`, with the
  reason the quiz gives online.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import quizzes, services
from .models import LearnerAction

MOST_PER_REQUEST = 50


@dataclass(frozen=True)
class Sent:
    """One action as the device sent it, read and checked."""

    key: uuid.UUID
    kind: str
    lesson_id: int
    block_id: str
    answers: dict[int, list[int]]
    version: str
    happened_at: datetime.datetime


@dataclass(frozen=True)
class Received:
    """What became of one action, for the device to tell the learner (and drop it from its queue)."""

    key: str
    outcome: str
    counted: bool
    message: str


class Unreadable(ValueError):
    """An action the device sent that cannot be read: it is answered as such and dropped, never retried."""


def read(item) -> Sent:
    """One action from the JSON the device sent; Unreadable when anything in it is missing or malformed."""
    if not isinstance(item, Mapping):
        raise Unreadable("not an object")
    try:
        key = uuid.UUID(str(item.get("key", "")))
        kind = str(item.get("kind", ""))
        lesson_id = int(item.get("lesson"))
        happened_at = datetime.datetime.fromisoformat(str(item.get("happened_at", "")))
    except (TypeError, ValueError) as error:
        raise Unreadable(str(error)) from error
    if kind not in LearnerAction.Kind.values:
        raise Unreadable(f"kind {kind!r}")
    block_id = str(item.get("block") or "")[:64]
    if kind == LearnerAction.Kind.QUIZ and not block_id:
        raise Unreadable("a quiz without its block")
    if timezone.is_naive(happened_at):
        happened_at = timezone.make_aware(happened_at, datetime.UTC)
    return Sent(
        key=key,
        kind=kind,
        lesson_id=lesson_id,
        block_id=block_id,
        answers=_answers(item.get("answers")),
        version=str(item.get("version") or "")[:32],
        happened_at=happened_at,
    )


def _answers(posted) -> dict[int, list[int]]:
    """{"q0": ["1"], ...} as the form had them, into {0: [1], ...}; anything else is left out (and so the
    question counts as unanswered)."""
    answers: dict[int, list[int]] = {}
    for name, values in (posted or {}).items() if isinstance(posted, Mapping) else ():
        if isinstance(name, str) and name[:1] == "q" and name[1:].isdigit() and isinstance(values, list):
            answers[int(name[1:])] = sorted({int(v) for v in values if str(v).isdigit()})
    return answers


def moment(happened_at: datetime.datetime, user, now: datetime.datetime) -> datetime.datetime:
    """When an action counts from: as the device said, within the learner's account's life up to now."""
    joined = getattr(user, "date_joined", None)
    if happened_at > now or (joined is not None and happened_at < joined):
        return now
    return happened_at


def receive(*, user, sent: Sent, lesson, now: datetime.datetime) -> Received:
    """Apply one action sent later, once. `lesson` is the lesson it names (live or not), or None (deleted,
    or never there)."""
    earlier = LearnerAction.objects.filter(key=sent.key).first()
    if earlier is not None:
        return _told(earlier, lesson, mine=earlier.user_id == user.pk)
    at = moment(sent.happened_at, user, now)
    course = lesson.gated_item if lesson is not None and lesson.live else None
    if course is None or not course.live:
        return _refused(user, sent, at, LearnerAction.Outcome.LESSON_GONE, lesson)
    try:
        if sent.kind == LearnerAction.Kind.LESSON_DONE:
            outcome = services.lesson_complete(user=user, lesson=lesson, key=sent.key, at=at)
            counted = LearnerAction.Outcome.COUNTED if outcome.newly_done else LearnerAction.Outcome.ALREADY
            return _answer(sent.key, counted, lesson, sent.block_id)
        result, _outcome = services.quiz_submit(
            user=user,
            lesson=lesson,
            block_id=sent.block_id,
            answers=sent.answers,
            version=sent.version,
            key=sent.key,
            at=at,
        )
        return _answer(sent.key, LearnerAction.Outcome.COUNTED, lesson, sent.block_id, result=result)
    except services.AlreadyReceived as again:
        return _told(again.action, lesson, mine=again.action.user_id == user.pk)
    except services.NotAllowed:
        return _refused(user, sent, at, LearnerAction.Outcome.NOT_ALLOWED, lesson)
    except LookupError:
        return _refused(user, sent, at, LearnerAction.Outcome.QUIZ_GONE, lesson)
    except quizzes.QuizRefused as refusal:
        outcome = {
            "passed": LearnerAction.Outcome.ALREADY,
            "changed": LearnerAction.Outcome.QUIZ_CHANGED,
        }.get(refusal.reason, LearnerAction.Outcome.REFUSED)
        return _refused(user, sent, at, outcome, lesson, reason=refusal.message)


def _refused(user, sent: Sent, at, outcome: str, lesson, reason: str = "") -> Received:
    """Keep an action that did nothing, with why: sent again, it is answered the same way."""
    try:
        with transaction.atomic():
            LearnerAction.objects.create(
                key=sent.key,
                user=user,
                kind=sent.kind,
                lesson=lesson,
                block_id=sent.block_id,
                happened_at=at,
                outcome=outcome,
            )
    except IntegrityError:  # received at the same moment by another request: that one's answer stands
        earlier = LearnerAction.objects.get(key=sent.key)
        return _told(earlier, lesson, mine=earlier.user_id == user.pk)
    return _answer(sent.key, outcome, lesson, sent.block_id, reason=reason)


def _told(action: LearnerAction, lesson, *, mine: bool) -> Received:
    if not mine:  # someone else's key: say nothing of it
        return Received(
            str(action.key), LearnerAction.Outcome.REFUSED, False, _("This action was not counted.")
        )
    return _answer(action.key, action.outcome, lesson or action.lesson, action.block_id, score=action.score)


def _quiz_title(lesson, block_id: str) -> str:
    quiz = services.quiz_of(lesson, block_id) if lesson is not None and block_id else None
    return str(quiz["title"]) if quiz is not None else ""


def _answer(key, outcome: str, lesson, block_id: str, *, result=None, score=None, reason="") -> Received:
    """The outcome in the learner's words."""
    lesson_title = lesson.title if lesson is not None else _("a lesson")
    quiz_title = _quiz_title(lesson, block_id) or lesson_title
    names = {"lesson": lesson_title, "quiz": quiz_title}
    Outcome = LearnerAction.Outcome
    if outcome == Outcome.COUNTED and block_id:
        score = result.score if result is not None else score
        passed = result.passed if result is not None else None
        message = _("Your answers to “%(quiz)s” were checked: %(score)s%% right.") % {**names, "score": score}
        if passed is not None:
            message += " " + (_("Passed.") if passed else _("Not passed yet."))
    elif outcome == Outcome.COUNTED:
        message = _("“%(lesson)s” is marked as done.") % names
    elif outcome == Outcome.ALREADY and block_id:
        message = _("You had already passed “%(quiz)s”: these answers were not needed.") % names
    elif outcome == Outcome.ALREADY:
        message = _("“%(lesson)s” was already marked as done.") % names
    elif outcome == Outcome.LESSON_GONE:
        message = _("“%(lesson)s” is no longer part of the course: nothing was counted.") % names
    elif outcome == Outcome.QUIZ_GONE:
        message = _("The quiz of “%(lesson)s” was removed: your answers were not needed.") % names
    elif outcome == Outcome.QUIZ_CHANGED:
        message = _("The quiz “%(quiz)s” changed after you saved the course: answer it again.") % names
    elif outcome == Outcome.NOT_ALLOWED:
        message = _("“%(lesson)s” was not counted: you can no longer open this course.") % names
    else:
        message = f"“{quiz_title}”: {reason}" if reason else _("This action was not counted.")
    counted = outcome in (Outcome.COUNTED, Outcome.ALREADY)
    return Received(str(key), outcome, counted, message)
