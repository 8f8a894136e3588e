"""Quizzes: the rules of a quiz's attempts, as the editor set them on the quiz block, and what they allow
now; then how an attempt is scored (pure functions, at the end).

A quiz is scored on submit: the share of questions answered right (every correct answer chosen, and only
those), passed at the block's pass mark. It is answered for real or not at all: a form with a question
unanswered is sent back (nothing is
counted), and "answer again" opens an empty form without counting anything. Beyond that, each quiz says:

- the most attempts a learner may make (blank: unlimited). Counted against the limit as it is now, so an
  editor who raises it gives everyone who ran out the difference;
- how long a learner waits after an attempt before the next one (0: none);
- what a failed attempt shows: the score only (the default), or which questions were wrong. Either way the
  right options and the explanations (which often name the right option) wait until the quiz is passed.

Quizzes saved before these rules existed read as unlimited, no wait, score only: nobody who was taking a
course is locked out, and per-question marks (which let an automated client find every answer in a few
tries) are no longer shown unless an editor asks for them.

The services (courses/learning/services.py `quiz_submit`) refuse an attempt the rules do not allow, and the
quiz template tells the learner beforehand what they allow, both from `standing_of`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SCORE_ONLY = "score"
WRONG_QUESTIONS = "questions"


@dataclass(frozen=True)
class AttemptRules:
    max_attempts: int | None = None  # None: unlimited
    wait: datetime.timedelta = datetime.timedelta(0)
    failed_feedback: str = SCORE_ONLY

    @property
    def marks_wrong_questions(self) -> bool:
        return self.failed_feedback == WRONG_QUESTIONS


def rules_of(quiz: Mapping) -> AttemptRules:
    """The rules of a quiz block's value (built or raw JSON; missing keys read as the defaults)."""
    most = quiz.get("max_attempts")
    wait = quiz.get("wait_minutes") or 0
    feedback = quiz.get("failed_feedback") or SCORE_ONLY
    return AttemptRules(
        max_attempts=int(most) if most not in (None, "") and int(most) > 0 else None,
        wait=datetime.timedelta(minutes=max(int(wait), 0)),
        failed_feedback=feedback if feedback in (SCORE_ONLY, WRONG_QUESTIONS) else SCORE_ONLY,
    )


@dataclass(frozen=True)
class Standing:
    """Where a learner stands with one quiz at a moment: what they may do next, and why not."""

    rules: AttemptRules
    used: int = 0
    passed: bool = False
    next_attempt_at: datetime.datetime | None = None  # while a wait runs
    now: datetime.datetime | None = None

    @property
    def attempts_left(self) -> int | None:
        """None when unlimited."""
        if self.rules.max_attempts is None:
            return None
        return max(self.rules.max_attempts - self.used, 0)

    @property
    def out_of_attempts(self) -> bool:
        return not self.passed and self.attempts_left == 0

    @property
    def waiting(self) -> bool:
        return not self.passed and not self.out_of_attempts and self.next_attempt_at is not None

    @property
    def may_attempt(self) -> bool:
        return not self.passed and not self.out_of_attempts and not self.waiting

    @property
    def wait_left(self) -> datetime.timedelta:
        if not self.waiting:
            return datetime.timedelta(0)
        return self.next_attempt_at - self.now


def standing_of(rules: AttemptRules, attempt, now: datetime.datetime) -> Standing:
    """The standing of a learner whose QuizAttempt record is `attempt` (None before the first attempt)."""
    if attempt is None or not attempt.attempts:
        return Standing(rules, now=now)
    next_at = attempt.last_attempted_at + rules.wait if rules.wait else None
    return Standing(
        rules,
        used=attempt.attempts,
        passed=attempt.passed,
        next_attempt_at=next_at if next_at is not None and next_at > now else None,
        now=now,
    )


def standing_at(rules: AttemptRules, attempt, moment: datetime.datetime) -> Standing:
    """The standing for an attempt made at `moment`, which may come before attempts already recorded (an
    attempt sent later by a device that was offline): every attempt recorded counts against the limit, and
    a wait runs only from an attempt made before it."""
    if attempt is not None and attempt.attempts and attempt.last_attempted_at > moment:
        return Standing(rules, used=attempt.attempts, passed=attempt.passed, now=moment)
    return standing_of(rules, attempt, moment)


def version_of(quiz: Mapping) -> str:
    """A short digest of what a learner answers: the questions and their choices, in order. A form carries
    the version it was shown with; answers to another version may mean other choices, and are refused."""
    asked = [
        [str(question.get("prompt", "")), [str(c.get("text", "")) for c in items_of(question["choices"])]]
        for question in items_of(quiz["questions"])
    ]
    return hashlib.sha256(json.dumps(asked, ensure_ascii=False).encode()).hexdigest()[:12]


def unanswered(answers: Mapping, question_count: int) -> list[int]:
    """The 0-based indexes of the questions without any choice in `answers` ({index: [choices]})."""
    return [index for index in range(question_count) if not answers.get(index, answers.get(str(index), ()))]


# --- what the learner reads (in the active language) ------------------------------------------------------


def duration_text(delta: datetime.timedelta) -> str:
    """A wait as a reader counts it, rounded up so the attempt is possible by then: "10 minutos",
    "2 horas", "3 días" (no clock time, so no time zone to get wrong)."""
    minutes = max(math.ceil(delta.total_seconds() / 60), 1)
    if minutes < 120:
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    if hours < 48:
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    days = math.ceil(hours / 24)
    return ngettext("%(count)s day", "%(count)s days", days) % {"count": days}


def attempts_left_text(standing: Standing) -> str:
    left, total = standing.attempts_left, standing.rules.max_attempts
    return ngettext(
        "You have %(left)s attempt left of %(total)s.",
        "You have %(left)s attempts left of %(total)s.",
        left,
    ) % {"left": left, "total": total}


def out_of_attempts_text(standing: Standing) -> str:
    total = standing.rules.max_attempts
    used = ngettext(
        "You have used the %(total)s attempt this quiz allows.",
        "You have used the %(total)s attempts this quiz allows.",
        total,
    ) % {"total": total}
    more = _("If you need another chance, ask the coordination of your course to allow more attempts.")
    return f"{used} {more}"


def wait_text(standing: Standing) -> str:
    return _("You can try again in %(wait)s.") % {"wait": duration_text(standing.wait_left)}


def next_step_text(standing: Standing) -> str:
    """After an attempt that did not pass: when the next one is possible, and how many remain."""
    if standing.out_of_attempts:
        return out_of_attempts_text(standing)
    parts = [wait_text(standing)] if standing.waiting else []
    if standing.attempts_left is not None:
        parts.append(attempts_left_text(standing))
    return " ".join(parts)


def unanswered_text(count: int) -> str:
    return ngettext(
        "%(count)s question is still unanswered: answer every question, then check your answers. "
        "This attempt was not counted.",
        "%(count)s questions are still unanswered: answer every question, then check your answers. "
        "This attempt was not counted.",
        count,
    ) % {"count": count}


# --- answers sent back to finish (a form with a question left out) ---------------------------------------

DRAFTS_KEY = "quiz-drafts"


def keep_draft(session, block_id: str, answers: Mapping) -> None:
    """Keep the answers of a refused form for the page the learner is sent back to (POST/redirect/GET)."""
    drafts = dict(session.get(DRAFTS_KEY) or {})
    drafts[block_id] = {str(index): list(chosen) for index, chosen in answers.items()}
    session[DRAFTS_KEY] = drafts


def take_draft(session, block_id: str) -> dict[int, list[int]] | None:
    """The answers kept for this quiz, taken once (a reload shows the quiz as it stands)."""
    drafts = session.get(DRAFTS_KEY)
    if not drafts or block_id not in drafts:
        return None
    drafts = dict(drafts)
    draft = drafts.pop(block_id)
    session[DRAFTS_KEY] = drafts
    return {int(index): [int(i) for i in chosen] for index, chosen in draft.items()}


class QuizRefused(Exception):  # noqa: N818 — a refusal, with what to tell the learner
    """An attempt the rules do not allow: nothing was recorded."""

    def __init__(self, reason: str, *, standing: Standing | None = None, missing: list[int] | None = None):
        self.reason = reason  # "passed", "out_of_attempts", "waiting", "unanswered" or "changed"
        self.standing = standing
        self.missing = missing or []
        super().__init__(reason)

    @property
    def message(self) -> str:
        if self.reason == "unanswered":
            return unanswered_text(len(self.missing))
        if self.reason == "changed":
            return _(
                "This quiz was changed after these answers were given: read it again and answer its "
                "questions as they are now. Nothing was counted."
            )
        if self.reason == "passed":
            return _("You have already passed this quiz: there is no need to send it again.")
        if self.reason == "out_of_attempts":
            return out_of_attempts_text(self.standing)
        return next_step_text(self.standing)


def check_attempt(standing: Standing) -> None:
    """Raise QuizRefused when the rules do not allow an attempt now."""
    if standing.passed:
        raise QuizRefused("passed", standing=standing)
    if standing.out_of_attempts:
        raise QuizRefused("out_of_attempts", standing=standing)
    if standing.waiting:
        raise QuizRefused("waiting", standing=standing)


# --- quiz scoring (pure) ----------------------------------------------------------------------------------


def items_of(value) -> list:
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
    for index, question in enumerate(items_of(quiz["questions"])):
        choices = items_of(question["choices"])
        correct = frozenset(i for i, choice in enumerate(choices) if choice.get("correct"))
        chosen = answers.get(index, answers.get(str(index), ()))
        chosen = frozenset(int(i) for i in chosen if 0 <= int(i) < len(choices))
        feedback.append(QuestionFeedback(index + 1, chosen, correct, str(question.get("explanation") or "")))
    return QuizResult(int(quiz.get("pass_mark") or 0), tuple(feedback))


def answers_from(data, quiz: Mapping) -> dict[int, list[int]]:
    """The answers posted for a quiz (fields q0, q1, … holding choice indexes), ignoring anything else."""
    answers = {}
    for index, question in enumerate(items_of(quiz["questions"])):
        count = len(items_of(question["choices"]))
        values = {value for value in data.getlist(f"q{index}") if value.isdigit() and int(value) < count}
        answers[index] = sorted(int(value) for value in values)
    return answers
