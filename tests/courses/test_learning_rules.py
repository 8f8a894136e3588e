"""The learning rules as pure functions: progress arithmetic, resuming, quiz scoring, certificate codes."""

from dataclasses import dataclass

from django.http import QueryDict

from courses.learning import certificates, quizzes
from courses.learning import progress as learning_progress

from .learning_kit import QUIZ


@dataclass
class FakeBody:
    raw_data: list


@dataclass
class FakeLesson:
    pk: int
    body: FakeBody


def quiz_block(block_id, pass_mark=70):
    return {"type": "quiz", "id": block_id, "value": {"title": f"Quiz {block_id}", "pass_mark": pass_mark}}


def outline():
    return learning_progress.outline_of(
        [
            FakeLesson(1, FakeBody([{"type": "text", "id": "t1", "value": "<p>…</p>"}])),
            FakeLesson(2, FakeBody([quiz_block("q-a", 50)])),
            FakeLesson(3, FakeBody([{"type": "text", "id": "t3", "value": ""}, quiz_block("q-b")])),
        ]
    )


def test_the_outline_lists_each_quiz_with_its_lesson_and_pass_mark():
    course = outline()
    assert course.lesson_ids == [1, 2, 3]
    assert [(quiz.block_id, quiz.lesson_id, quiz.pass_mark) for quiz in course.quizzes] == [
        ("q-a", 2, 50),
        ("q-b", 3, 70),
    ]
    assert course.position_of(3) == 3 and course.position_of(99) is None


def test_progress_counts_lessons_completed_a_quiz_being_a_step_of_its_lesson():
    progress = learning_progress.progress_of(outline(), done=[1, 2], passed=["q-a"])
    assert (progress.lessons_completed, progress.lessons_total) == (2, 3)
    assert (progress.quizzes_passed, progress.quizzes_total) == (1, 2)
    assert progress.percent == 66  # 2 of the 3 lessons, rounded down
    assert progress.is_started and not progress.is_complete

    quiz_not_passed = learning_progress.progress_of(outline(), done=[1, 2, 3], passed=["q-a"])
    assert (quiz_not_passed.lessons_done, quiz_not_passed.lessons_completed) == (3, 2)
    assert quiz_not_passed.percent == 66 and quiz_not_passed.completed == {1, 2}


def test_work_on_removed_lessons_and_quizzes_does_not_count():
    progress = learning_progress.progress_of(outline(), done=[1, 2, 3, 77], passed=["q-a", "q-b", "gone"])
    assert progress.lessons_done == 3 and progress.quizzes_passed == 2
    assert progress.is_complete and progress.percent == 100


def test_an_empty_course_is_never_complete():
    progress = learning_progress.progress_of(learning_progress.Outline(), (), ())
    assert progress.percent == 0 and not progress.is_complete


def test_resume_opens_the_first_lesson_not_finished():
    course = outline()
    nothing = learning_progress.progress_of(course, (), ())
    assert learning_progress.resume_lesson(course, nothing).pk == 1
    # Lesson 2 is marked done but its quiz is not passed: it is not finished.
    some = learning_progress.progress_of(course, done=[1, 2], passed=[])
    assert learning_progress.resume_lesson(course, some).pk == 2
    later = learning_progress.progress_of(course, done=[1, 2], passed=["q-a"])
    assert learning_progress.resume_lesson(course, later).pk == 3
    # Out of order: the first gap wins.
    gap = learning_progress.progress_of(course, done=[2, 3], passed=["q-a", "q-b"])
    assert learning_progress.resume_lesson(course, gap).pk == 1
    everything = learning_progress.progress_of(course, done=[1, 2, 3], passed=["q-a", "q-b"])
    assert learning_progress.resume_lesson(course, everything).pk == 1  # read it again from the start


def test_a_quiz_gives_feedback_on_each_question_and_passes_at_its_mark():
    result = quizzes.score_quiz(QUIZ, {0: [0], 1: [1], 2: [0]})
    assert [question.right for question in result.feedback] == [True, False, False]
    assert result.feedback[0].explanation == "La asamblea es la máxima autoridad."
    assert result.feedback[2].correct_choices == {0, 1}
    assert (result.correct, result.total, result.score, result.passed) == (1, 3, 33, False)

    two = quizzes.score_quiz(QUIZ, {0: [0], 1: [0], 2: [1]})
    assert (two.score, two.passed) == (66, True)  # 2 of 3 reach a 60 % pass mark

    strict = quizzes.score_quiz({**QUIZ, "pass_mark": 67}, {0: [0], 1: [0]})
    assert strict.score == 66 and not strict.passed  # 66.7 % is below 67 %: rounded down, never up


def test_a_question_with_several_right_answers_needs_all_of_them_and_no_other():
    assert quizzes.score_quiz(QUIZ, {2: [0, 1]}).feedback[2].right
    assert not quizzes.score_quiz(QUIZ, {2: [0, 1, 2]}).feedback[2].right
    assert not quizzes.score_quiz(QUIZ, {2: [1]}).feedback[2].right


def test_unanswered_questions_count_as_wrong_and_are_reported():
    result = quizzes.score_quiz(QUIZ, {})
    assert result.correct == 0 and not any(question.answered for question in result.feedback)


def test_posted_answers_keep_only_valid_choices():
    data = QueryDict("q0=1&q0=9&q1=x&q2=0&q2=1&q2=1&other=3")
    assert quizzes.answers_from(data, QUIZ) == {0: [1], 1: [], 2: [0, 1]}


def test_certificate_codes_are_random_grouped_and_forgiving_when_typed():
    codes = {certificates.new_code() for _ in range(200)}
    assert len(codes) == 200
    code = codes.pop()
    assert len(code) == certificates.CODE_LENGTH and code.isalnum() and code.upper() == code
    typed = "-".join(code[i : i + 4] for i in range(0, 16, 4)).lower()
    assert certificates.normalise_code(f"  {typed} ") == code
    assert certificates.normalise_code("abcd 0181") == "ABCDOIBI"
    assert certificates.code_digest(typed) == certificates.code_digest(code)
