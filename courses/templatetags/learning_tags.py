"""Learners' progress on course and lesson pages, read from their templates.

The pages' own context belongs to the page models; what a learner has done is asked here, from
courses/learning/progress.py, once per page (constant queries whatever the size of the course).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from ..catalogue import learning_glance
from ..learning import progress as learning_progress
from ..learning import quizzes

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_state(context, page) -> learning_progress.LearnerState:
    """The signed-in user's state in the course of this course or lesson page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    course = getattr(page, "gated_item", page)
    return learning_progress.learner_state(user, course)


@register.simple_tag
def stream_block(stream, index: int):
    """The block at `index` of a StreamField, read only when asked: a lesson's blocks kept as fragments
    (lesson_page.html) are then never converted, nor their materials fetched."""
    return stream[index]


@dataclass(frozen=True)
class ChoiceView:
    index: int
    text: str
    chosen: bool
    correct: bool  # only shown once the quiz is passed


@dataclass(frozen=True)
class QuestionView:
    number: int
    prompt: str
    multiple: bool  # more than one right answer: check boxes instead of radio buttons
    choices: list[ChoiceView]
    feedback: quizzes.QuestionFeedback | None  # marked right or wrong: once passed, or if the quiz says so
    missing: bool = False  # left unanswered in a form sent back to finish
    explained: bool = False  # the explanation is shown (once passed)

    @property
    def field_name(self) -> str:
        return f"q{self.number - 1}"


@dataclass(frozen=True)
class QuizView:
    block_id: str
    title: str
    pass_mark: int
    questions: list[QuestionView]
    attempt: object | None  # the learner's QuizAttempt
    result: quizzes.QuizResult | None  # the last attempt, scored again against the quiz as it is now
    standing: quizzes.Standing | None = None  # None for a visitor
    answering: bool = True  # an empty (or sent back) form to answer; else the last attempt, to read
    again_url: str = ""
    version: str = ""  # of the questions shown: answers to another version are refused (quizzes.version_of)

    @property
    def passed(self) -> bool:
        return bool(self.attempt and self.attempt.passed)

    @property
    def missing_count(self) -> int:
        return sum(question.missing for question in self.questions)

    @property
    def unanswered_text(self) -> str:
        return quizzes.unanswered_text(self.missing_count)

    @property
    def next_step_text(self) -> str:
        """After a failed attempt: when and how often the learner may try again."""
        return quizzes.next_step_text(self.standing) if self.standing is not None else ""

    @property
    def attempts_left_text(self) -> str:
        standing = self.standing
        if standing is None or standing.attempts_left is None or not standing.may_attempt:
            return ""
        return quizzes.attempts_left_text(standing)

    @property
    def wait_rule_text(self) -> str:
        rules = self.standing.rules if self.standing is not None else None
        if rules is None or not rules.wait or not self.answering:
            return ""
        return gettext("Between one attempt and the next, you wait %(wait)s.") % {
            "wait": quizzes.duration_text(rules.wait)
        }


AGAIN = "again"  # ?again=<block id>: an empty form to answer the quiz again (nothing is recorded)


@register.simple_tag(takes_context=True)
def quiz_view(context, value, block_id, state=None) -> QuizView:
    """A quiz block as the learner stands with it: a form to answer (empty, or sent back with questions
    left out), or their last attempt to read, marked as the quiz's rules allow
    (courses/learning/quizzes.py)."""
    request = context.get("request")
    signed_in = request is not None and request.user.is_authenticated
    attempt = state.attempts.get(block_id) if state is not None and block_id else None
    # Answers older than PERSONAL_RECORDS_KEPT_DAYS are emptied (courses/privacy/retention.py): the attempt's
    # scores stay, without marking answers nobody remembers.
    result = (
        quizzes.score_quiz(value, attempt.last_answers)
        if attempt is not None and attempt.last_answers
        else None
    )
    rules = quizzes.rules_of(value)
    standing = quizzes.standing_of(rules, attempt, timezone.now()) if signed_in else None
    draft = quizzes.take_draft(request.session, block_id) if signed_in and block_id else None
    if standing is None:
        answering = True
    else:
        asked_again = request.GET.get(AGAIN) == block_id
        answering = standing.may_attempt and (attempt is None or draft is not None or asked_again)
    marked = not answering and result is not None and (attempt.passed or rules.marks_wrong_questions)
    chosen = (draft or {}) if answering else (result and {f.number - 1: f.chosen for f in result.feedback})
    questions = []
    for index, question in enumerate(value["questions"]):
        choices = list(question["choices"])
        questions.append(
            QuestionView(
                number=index + 1,
                prompt=question["prompt"],
                multiple=sum(bool(choice["correct"]) for choice in choices) > 1,
                choices=[
                    ChoiceView(
                        i,
                        choice["text"],
                        i in (chosen or {}).get(index, ()),
                        bool(choice["correct"]) and bool(attempt and attempt.passed),
                    )
                    for i, choice in enumerate(choices)
                ],
                feedback=result.feedback[index] if marked else None,
                missing=draft is not None and not draft.get(index),
                explained=marked and bool(attempt.passed),
            )
        )
    again_url = f"{request.path}?{urlencode({AGAIN: block_id})}#quiz-{block_id}" if signed_in else ""
    return QuizView(
        block_id or "",
        value["title"],
        value["pass_mark"],
        questions,
        attempt,
        result,
        standing,
        answering,
        again_url,
        quizzes.version_of(value),
    )


@dataclass(frozen=True)
class LessonStatus:
    done: bool
    quizzes_total: int
    quizzes_passed: int

    @property
    def finished(self) -> bool:
        return self.done and self.quizzes_passed == self.quizzes_total


@register.simple_tag
def lesson_status(state: learning_progress.LearnerState, lesson) -> LessonStatus:
    quizzes = state.outline.quizzes_of(lesson.pk)
    return LessonStatus(
        done=state.lesson_done(lesson.pk),
        quizzes_total=len(quizzes),
        quizzes_passed=sum(quiz.block_id in state.progress.passed for quiz in quizzes),
    )


@dataclass(frozen=True)
class OutlineRow:
    """One lesson of the course's outline shown beside a lesson, for this reader."""

    lesson: object
    number: int
    current: bool
    completed: bool
    marked_done: bool  # done, with a quiz still to pass
    has_quiz: bool


@register.simple_tag
def lesson_outline(
    state: learning_progress.LearnerState, outline: learning_progress.Outline, current
) -> list[OutlineRow]:
    """Every lesson of the course in order: which one is open, which are completed
    (courses/learning/progress.py `Progress.completed`), and which hold a quiz (a step of its lesson)."""
    with_quiz = {quiz.lesson_id for quiz in outline.quizzes}
    progress = state.progress
    return [
        OutlineRow(
            lesson=lesson,
            number=number,
            current=lesson.pk == current.pk,
            completed=lesson.pk in progress.completed,
            marked_done=lesson.pk in progress.done and lesson.pk not in progress.completed,
            has_quiz=lesson.pk in with_quiz,
        )
        for number, lesson in enumerate(outline.lessons, start=1)
    ]


@register.simple_tag(takes_context=True)
def continue_learning(context) -> list:
    """The signed-in reader's courses not completed, for the home page
    (courses/catalogue/learning_glance.py)."""
    return learning_glance.continue_learning(context["request"])


@register.simple_tag(takes_context=True)
def course_glance(context, item):
    """The signed-in reader's state in this course, or None (not enrolled, not a course, or a visitor)."""
    request = context.get("request")
    return learning_glance.reader_courses(request).get(item.pk) if request is not None else None
