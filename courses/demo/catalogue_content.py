"""What each generated catalogue page says (`manage.py generate_catalogue`), derived from its number.

A page's content (all but its publication date) comes from a random generator seeded by its number, so
number 42 is always the same page. Its slug ends in that number (`…-gen00042`), which marks it as generated.
Each generated item gets a licence the licence rules allow at its level and price, and one contributor.
All material files share two stored files (a small PDF, a text file). The pages built here are not saved:
courses/demo/catalogue_generator.py places and writes them in bulk.
"""

import io
import random
import re
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.rich_text import RichText

from courses.access.storage import private_storage
from courses.licensing import rules as licensing
from courses.models import (
    AccessLevel,
    Contributor,
    CoursePage,
    Currency,
    LessonPage,
    Licence,
    MaterialFile,
    MaterialPage,
    Role,
)

from .catalogue_vocabulary import (
    CLOSINGS,
    CONTEXTS,
    COUNTRIES,
    DETAILS,
    KINDS,
    LANGUAGE_NOTES,
    LESSON_STEPS,
    OPENINGS,
    SUBJECTS,
    TOPICS,
)

SLUG_NUMBER = re.compile(r"-gen(\d{5,})$")
SLUG_NUMBER_SQL = r"-gen[0-9]{5,}$"
SHARED_FILES = {"pdf": "materials/generated/material-generado.pdf", "txt": "materials/generated/resumen.txt"}


def live_fields(rng):
    published = timezone.now() - timedelta(days=rng.randint(30, 3 * 365), minutes=rng.randint(0, 1440))
    return {
        "live": True,
        "has_unpublished_changes": False,
        "first_published_at": published,
        "last_published_at": published,
    }


def gated_fields(rng):
    level = rng.choices(list(AccessLevel), weights=[50, 20, 20, 10])[0]
    priced = level == AccessLevel.AUTHORISED and rng.random() < 0.5
    return {
        "access_level": level,
        "price": Decimal(rng.choice(["5.00", "10.00", "15.00", "25.00"])) if priced else None,
        "currency": Currency.EUR if priced and rng.random() < 0.2 else Currency.USD,
        "language": rng.choices(["es", "pt", "en"], weights=[70, 15, 15])[0],
    }


class Credits:
    """A licence and a contributor for each generated item: a licence the licence rules let it be published
    under at its level and price, and the same choice for the same number."""

    def __init__(self):
        self.today = timezone.localdate()
        self.licences = list(Licence.objects.current().order_by("code"))
        self.contributors = list(Contributor.objects.order_by("name"))
        self.options = {}

    def allowed(self, page) -> list[Licence]:
        key = (page.access_level, page.price is not None)
        if key not in self.options:
            self.options[key] = [
                licence
                for licence in self.licences
                if not licensing.publishing_problems(
                    licence=licence,
                    access_level=page.access_level,
                    price=page.price,
                    contributors=[],
                    today=self.today,
                )
            ]
        return self.options[key]

    def assign(self, page, number):
        rng = random.Random(f"credits-{page.slug}-{number}")  # noqa: S311 — repeatable demo content
        options = self.allowed(page)
        page.licence = rng.choice(options) if options else None
        page.generated_contributor = rng.choice(self.contributors) if self.contributors else None
        return page

    def rows(self, credit_model, pages):
        return [
            credit_model(
                page_id=page.pk, contributor=page.generated_contributor, role=Role.AUTHOR, sort_order=0
            )
            for page in pages
            if page.generated_contributor is not None
        ]


def generated_slug(title, number):
    return f"{slugify(title)[:80].rstrip('-')}-gen{number:05d}"


def pick_topics(rng, main_topic):
    others = rng.sample([topic for topic in TOPICS if topic != main_topic], rng.randint(0, 2))
    return [main_topic, *others]


def description(rng, subject):
    year = rng.randint(2012, 2023)
    values = {"subject": subject, "country": rng.choice(COUNTRIES), "year": year, "next_year": year + 1}
    sentences = [rng.choice(OPENINGS), *rng.sample(DETAILS, rng.randint(1, 2)), rng.choice(CLOSINGS)]
    return " ".join(sentence.format(**values) for sentence in sentences)


def build_material(number) -> MaterialPage:
    rng = random.Random(f"material-{number}")  # noqa: S311 — repeatable demo content, not security
    subject, main_topic = rng.choice(SUBJECTS)
    gated = gated_fields(rng)
    title = f"{rng.choice(KINDS)} sobre {subject} {rng.choice(CONTEXTS)}"
    if rng.random() < 0.4:
        title += f" ({rng.choice(COUNTRIES)}, {rng.randint(2012, 2024)})"
    title += LANGUAGE_NOTES[gated["language"]]
    page = MaterialPage(
        title=title,
        draft_title=title,
        slug=generated_slug(title, number),
        description=f"<p>{description(rng, subject)}</p>",
        **gated,
        **live_fields(rng),
    )
    page.topics = pick_topics(rng, main_topic)
    page.file_kind = "pdf" if rng.random() < 0.75 else "txt"
    return page


def material_file(page, files) -> MaterialFile:
    name, size = files[page.file_kind]
    title = "Documento completo (PDF)" if page.file_kind == "pdf" else "Resumen (texto)"
    return MaterialFile(page_id=page.pk, sort_order=0, title=title, file=name, size=size)


def build_course(number) -> CoursePage:
    rng = random.Random(f"course-{number}")  # noqa: S311 — repeatable demo content, not security
    subject, main_topic = rng.choice(SUBJECTS)
    gated = gated_fields(rng)
    context = rng.choice(CONTEXTS)
    title = f"Curso: {subject} {context}{LANGUAGE_NOTES[gated['language']]}"
    course = CoursePage(
        title=title,
        draft_title=title,
        slug=generated_slug(title, number),
        summary=description(rng, subject),
        audience=context.split(" ", 1)[1].capitalize(),
        estimated_hours=Decimal(rng.choice(["2.0", "4.0", "6.5", "10.0", "16.0"])),
        learning_outcomes=[
            ("outcome", f"Aplicar {subject} en su organización."),
            ("outcome", "Compartir lo aprendido con la asamblea."),
        ],
        overview=f"<p>{description(rng, subject)}</p>",
        **gated,
        **live_fields(rng),
    )
    course.topics = pick_topics(rng, main_topic)
    course.lesson_count = course.numchild = rng.randint(3, len(LESSON_STEPS))
    course.subject = subject
    return course


def build_lessons(course) -> list[LessonPage]:
    """The lessons of a course built by `build_course`, in order (not yet placed in the tree)."""
    lessons = []
    for position, step in enumerate(LESSON_STEPS[: course.lesson_count], start=1):
        title = f"{step}: {course.subject}"
        text = f"<p>Esta lección trata sobre {course.subject}, con ejemplos de la red.</p>"
        lessons.append(
            LessonPage(
                title=title,
                draft_title=title,
                slug=f"leccion-{position}",
                duration_minutes=15 * position,
                body=[("heading", {"text": step, "level": "h2"}), ("text", RichText(text))],
                live=True,
                has_unpublished_changes=False,
                first_published_at=course.first_published_at,
                last_published_at=course.last_published_at,
            )
        )
    return lessons


def topic_tags() -> dict[str, Tag]:
    tags = {}
    for name in TOPICS:
        slug = slugify(name)
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name=name).first()
        tags[name] = tag or Tag.objects.create(name=name, slug=slug)
    return tags


# --- files -------------------------------------------------------------------------------------------------


def shared_files() -> dict[str, tuple[str, int]]:
    """Store the two files every generated material points to (once), and return {kind: (name, size)}."""
    storage = private_storage()
    contents = {"pdf": small_pdf(), "txt": b"Material generado para pruebas de carga de Cla@se.\n"}
    files = {}
    for kind, name in SHARED_FILES.items():
        if not storage.exists(name):
            name = storage.save(name, ContentFile(contents[kind]))
        files[kind] = (name, storage.size(name))
    return files


def delete_shared_files_if_unused():
    storage = private_storage()
    for name in SHARED_FILES.values():
        if not MaterialFile.objects.filter(file=name).exists() and storage.exists(name):
            storage.delete(name)


def small_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    pdf.setTitle("Material generado")
    pdf.drawString(72, 760, "Cla@se: material generado para pruebas de carga.")
    pdf.save()
    return buffer.getvalue()
