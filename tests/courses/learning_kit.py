"""Shared builders for the learning tests (tests/courses/test_learning_*.py)."""

from __future__ import annotations

import io

import pikepdf
from django.urls import reverse

from courses.models import LessonPage
from portal.models import AccessRequest

from .. import factories

QUIZ = {
    "title": "¿Qué aprendió?",
    "pass_mark": 60,
    "questions": [
        {
            "prompt": "¿Quién aprueba el presupuesto?",
            "choices": [{"text": "La asamblea general", "correct": True}, {"text": "El gerente"}],
            "explanation": "La asamblea es la máxima autoridad.",
        },
        {
            "prompt": "¿Cuántos votos tiene cada socio?",
            "choices": [{"text": "Uno", "correct": True}, {"text": "Uno por quintal entregado"}],
            "explanation": "",
        },
        {
            "prompt": "¿Qué órganos elige la asamblea?",
            "choices": [
                {"text": "El consejo de administración", "correct": True},
                {"text": "La junta de vigilancia", "correct": True},
                {"text": "El comprador"},
            ],
            "explanation": "Los dos órganos de gobierno.",
        },
    ],
}
RIGHT = {"q0": ["0"], "q1": ["0"], "q2": ["0", "1"]}  # 3 of 3
TWO_RIGHT = {"q0": ["0"], "q1": ["0"], "q2": ["0"]}  # 2 of 3: passes at 60 %
ONE_RIGHT = {"q0": ["0"], "q1": ["1"], "q2": ["2"]}  # 1 of 3: fails


def text(body: str) -> tuple:
    return ("text", f"<p>{body}</p>")


def make_course(parent, *, lessons: int = 3, quiz_in: tuple[int, ...] = (1,), **fields):
    """A course with `lessons` lessons; those at the positions in `quiz_in` (0-based) end with QUIZ."""
    course = factories.CoursePageFactory(parent=parent, **fields)
    for number in range(lessons):
        body = [text(f"Contenido de la lección {number + 1}.")]
        if number in quiz_in:
            body.append(("quiz", QUIZ))
        factories.LessonPageFactory(parent=course, title=f"Lección {number + 1}", body=body)
    return course


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(course).live().order_by("path"))


def quiz_id(lesson) -> str:
    lesson = LessonPage.objects.get(pk=lesson.pk)
    return next(child.id for child in lesson.body.blocks_by_name("quiz"))


def done_url(lesson) -> str:
    return reverse("courses:lesson_done", kwargs={"lesson_id": lesson.pk})


def quiz_url(lesson) -> str:
    return reverse("courses:quiz_submit", kwargs={"lesson_id": lesson.pk, "block_id": quiz_id(lesson)})


def with_quiz_rules(lesson, **rules) -> LessonPage:
    """Publish the lesson again with its quizzes' attempt rules changed as an editor would (max_attempts,
    wait_minutes, failed_feedback), keeping the quiz block ids."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    body = [dict(item) for item in lesson.body.raw_data]
    for item in body:
        if item["type"] == "quiz":
            item["value"] = {**item["value"], **rules}
    lesson.body = body
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def enrol_url(course) -> str:
    return reverse("courses:enrol", kwargs={"course_id": course.pk})


def authorise(user) -> AccessRequest:
    return AccessRequest.objects.create(
        user=user,
        organisation="Fondo Solidario",
        country="PE",
        role="Analista",
        purpose="Formación",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
    )


def finish(client, course) -> None:
    """Do everything the course asks, through the learner's own forms."""
    for lesson in lessons_of(course):
        client.post(done_url(lesson))
        if any(True for _ in LessonPage.objects.get(pk=lesson.pk).body.blocks_by_name("quiz")):
            client.post(quiz_url(lesson), RIGHT)


def pdf_text(pdf: bytes) -> str:
    """Every string the PDF's pages draw, decoded as the standard fonts encode them, one per line."""
    lines = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("Tj", "'", '"'):
                    lines.append(bytes(operands[-1]).decode("cp1252"))
                elif str(operator) == "TJ":
                    lines.append(
                        "".join(
                            bytes(part).decode("cp1252")
                            for part in operands[0]
                            if isinstance(part, pikepdf.String)
                        )
                    )
    return "\n".join(lines)
