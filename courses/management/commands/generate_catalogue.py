"""Generate a large catalogue for load tests: `manage.py generate_catalogue --materials N [--courses M]`.

Generated pages go into the Spanish tree made by `load_demo`: materials under its material library,
courses (with a few lessons each) under its course catalogue. Each generated page's slug ends in a number
(`…-gen00042`). That suffix marks it as generated, makes the command idempotent by target
(`--materials 1000` brings the count to 1000, adding or removing pages) and lets `--clear` remove them all.
A page's content (all but its publication date) is derived from its number: number 42 is always the same.

Speed: `add_child` saves one page at a time (path lookup, full save, signals). Here treebeard's path, depth
and numchild and Wagtail's url_path are computed in Python and rows are written in bulk, one transaction
per chunk so the tree stays consistent if the command is interrupted. The search index is fed through the
search backend's bulk `add_bulk`. All material files share two stored files (a small PDF, a text file).
Each generated item gets a licence the licence rules allow at its level and price, and one contributor.
"""

import io
import random
import re
import time
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backends

from courses.access.storage import private_storage
from courses.licensing import rules as licensing
from courses.models import (
    AccessLevel,
    Contributor,
    CourseContributor,
    CourseIndexPage,
    CoursePage,
    CoursePageTag,
    Currency,
    LessonPage,
    Licence,
    MaterialContributor,
    MaterialFile,
    MaterialIndexPage,
    MaterialPage,
    MaterialPageTag,
    Role,
)

SLUG_NUMBER = re.compile(r"-gen(\d{5,})$")
SLUG_NUMBER_SQL = r"-gen[0-9]{5,}$"
CHUNK_SIZE = 500
SHARED_FILES = {"pdf": "materials/generated/material-generado.pdf", "txt": "materials/generated/resumen.txt"}

TOPICS = [
    "Comercio Justo",
    "Cooperativismo",
    "Café",
    "Cacao",
    "Certificación",
    "Género",
    "Juventud",
    "Finanzas",
    "Gobernanza",
    "Comercialización",
    "Calidad",
    "Medio ambiente",
    "Cambio climático",
    "Trazabilidad",
]
SUBJECTS = [  # (subject, its main topic)
    ("la gestión financiera", "Finanzas"),
    ("el acceso al crédito", "Finanzas"),
    ("el plan de negocios", "Finanzas"),
    ("el control interno", "Gobernanza"),
    ("la asamblea general", "Gobernanza"),
    ("el consejo de administración", "Gobernanza"),
    ("la prima de Comercio Justo", "Comercio Justo"),
    ("el precio mínimo Fairtrade", "Comercio Justo"),
    ("la debida diligencia en derechos humanos", "Comercio Justo"),
    ("la certificación orgánica", "Certificación"),
    ("las auditorías de certificación", "Certificación"),
    ("la trazabilidad del café", "Trazabilidad"),
    ("los registros de entrega de los socios", "Trazabilidad"),
    ("la fermentación del cacao", "Cacao"),
    ("la poscosecha del cacao", "Cacao"),
    ("la catación de café", "Café"),
    ("el beneficio húmedo del café", "Café"),
    ("la equidad de género", "Género"),
    ("el liderazgo de las mujeres", "Género"),
    ("el relevo generacional", "Juventud"),
    ("los contratos de exportación", "Comercialización"),
    ("la negociación con compradores", "Comercialización"),
    ("la adaptación al cambio climático", "Cambio climático"),
    ("la huella de carbono", "Cambio climático"),
    ("el manejo de suelos", "Medio ambiente"),
    ("la biodiversidad en las fincas", "Medio ambiente"),
    ("el control de calidad", "Calidad"),
    ("los estatutos de la cooperativa", "Cooperativismo"),
    ("la educación cooperativa", "Cooperativismo"),
    ("la comunicación con los socios", "Cooperativismo"),
]
KINDS = [
    "Guía práctica",
    "Manual",
    "Caja de herramientas",
    "Ficha técnica",
    "Estudio de caso",
    "Presentación",
    "Informe",
    "Cartilla",
    "Módulo de capacitación",
    "Protocolo",
    "Plantillas",
    "Hoja de ruta",
]
CONTEXTS = [
    "en cooperativas de café",
    "en organizaciones cacaoteras",
    "para pequeños productores",
    "para juntas directivas",
    "para jóvenes productores",
    "para mujeres productoras",
    "en organizaciones de segundo nivel",
    "para equipos técnicos",
    "en cooperativas de miel",
    "en cooperativas bananeras",
    "para promotores de campo",
    "en la red latinoamericana",
]
COUNTRIES = [
    "Perú",
    "Colombia",
    "Guatemala",
    "Honduras",
    "Nicaragua",
    "México",
    "Bolivia",
    "Ecuador",
    "República Dominicana",
    "Brasil",
    "Paraguay",
    "Costa Rica",
    "El Salvador",
    "Haití",
]
OPENINGS = [
    "Este material presenta {subject} con ejemplos de cooperativas de {country}.",
    "Reúne la experiencia de organizaciones de pequeños productores de {country} sobre {subject}.",
    "Explica paso a paso {subject} y propone ejercicios para trabajar en grupo.",
    "Resume lo aprendido en la red sobre {subject}, con casos de {country}.",
]
DETAILS = [
    "Incluye listas de verificación para la asamblea y el consejo de administración.",
    "Ofrece plantillas editables y un glosario de términos del Comercio Justo.",
    "Se basa en talleres realizados con socias y socios de base entre {year} y {next_year}.",
    "Está pensado para técnicos de campo que acompañan a la cooperativa en la certificación.",
    "Propone indicadores sencillos para dar seguimiento a los acuerdos de la cooperativa.",
    "Cada capítulo termina con preguntas para la reflexión en grupo.",
]
CLOSINGS = [
    "Elaborado con el apoyo de un fondo de crédito social.",
    "Producido junto con una universidad socia de la red.",
    "Puede usarse como complemento de los cursos de la plataforma.",
    "Revisado por el equipo técnico de la coordinadora regional.",
]
LANGUAGE_NOTES = {"es": "", "pt": " (versión en portugués)", "en": " (versión en inglés)"}
LESSON_STEPS = [
    "Conceptos básicos",
    "Diagnóstico de la cooperativa",
    "Herramientas prácticas",
    "Experiencias de la red",
    "Plan de acción",
    "Evaluación y seguimiento",
]


class Command(BaseCommand):
    help = "Bring the number of generated materials (and courses) to a target, for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--materials", type=int, help="Target number of generated materials.")
        parser.add_argument("--courses", type=int, help="Target number of generated courses (with lessons).")
        parser.add_argument("--clear", action="store_true", help="Remove every generated page.")

    def handle(self, *args, materials=None, courses=None, clear=False, **options):
        if clear and (materials is not None or courses is not None):
            raise CommandError("--clear removes every generated page; do not combine it with targets.")
        if clear:
            materials = courses = 0
        if materials is None and courses is None:
            raise CommandError("Give --materials N and/or --courses M (or --clear).")
        if any(target is not None and target < 0 for target in (materials, courses)):
            raise CommandError("Targets cannot be negative.")
        started = time.monotonic()
        if materials is not None:
            library = spanish_index(MaterialIndexPage, "material library")
            self.reach_target("materials", MaterialPage, library, materials, self.add_materials)
            if materials == 0:
                delete_shared_files_if_unused()
        if courses is not None:
            catalogue = spanish_index(CourseIndexPage, "course catalogue")
            self.reach_target("courses", CoursePage, catalogue, courses, self.add_courses)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))

    def reach_target(self, label, model, index, target, add):
        numbers = generated_numbers(model, index)
        missing = [number for number in range(1, target + 1) if number not in numbers]
        excess = [page_id for number, page_id in numbers.items() if number > target]
        if excess:
            self.remove(excess, label)
        if missing:
            add(index, missing)
        self.stdout.write(f"Generated {label}: {target} (added {len(missing)}, removed {len(excess)}).")

    def remove(self, page_ids, label):
        bar = ProgressBar(self.stderr, f"removing {label}", len(page_ids))
        for chunk in chunked(page_ids):
            with transaction.atomic():
                pages = Page.objects.filter(pk__in=chunk)
                # Taken offline in bulk first: spares Wagtail's per-page unpublish action on delete.
                pages.update(live=False)
                pages.delete()
            bar.advance(len(chunk))
        bar.finish()

    def add_materials(self, index, numbers):
        tags = topic_tags()
        files = shared_files()
        credits = Credits()
        bar = ProgressBar(self.stderr, "adding materials", len(numbers))
        for chunk in chunked(numbers):
            with transaction.atomic():
                pages = [credits.assign(build_material(number), number) for number in chunk]
                append_children(index, pages)
                MaterialContributor.objects.bulk_create(credits.rows(MaterialContributor, pages))
                MaterialPageTag.objects.bulk_create(
                    MaterialPageTag(tag=tags[name], content_object_id=page.pk)
                    for page in pages
                    for name in page.topics
                )
                MaterialFile.objects.bulk_create(material_file(page, files) for page in pages)
                update_search_index(MaterialPage, pages)
            bar.advance(len(chunk))
        bar.finish()

    def add_courses(self, index, numbers):
        tags = topic_tags()
        credits = Credits()
        bar = ProgressBar(self.stderr, "adding courses", len(numbers))
        for chunk in chunked(numbers, CHUNK_SIZE // 5):
            with transaction.atomic():
                courses = [credits.assign(build_course(number), number) for number in chunk]
                append_children(index, courses)
                CourseContributor.objects.bulk_create(credits.rows(CourseContributor, courses))
                CoursePageTag.objects.bulk_create(
                    CoursePageTag(tag=tags[name], content_object_id=course.pk)
                    for course in courses
                    for name in course.topics
                )
                lessons = [lesson for course in courses for lesson in place_lessons(course)]
                insert_pages(LessonPage, lessons)
                update_search_index(CoursePage, courses)
                update_search_index(LessonPage, lessons)
            bar.advance(len(chunk))
        bar.finish()


# --- the tree ---------------------------------------------------------------------------------------------


def spanish_index(model, label):
    index = model.objects.filter(locale__language_code="es").order_by("path").first()
    if index is None:
        raise CommandError(f"No Spanish {label} found: run `manage.py load_demo` first, then this command.")
    return index


def generated_numbers(model, index) -> dict[int, int]:
    """Map the number of each generated page under `index` to its id."""
    rows = model.objects.child_of(index).filter(slug__regex=SLUG_NUMBER_SQL).values_list("slug", "pk")
    return {int(SLUG_NUMBER.search(slug).group(1)): pk for slug, pk in rows}


def append_children(parent, pages):
    """Add `pages` (unsaved, all of one model) as the last children of `parent`, in bulk."""
    depth = parent.depth + 1
    last_path = (
        Page.objects.filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    first_position = Page._str2int(last_path[-Page.steplen :]) + 1 if last_path else 1
    if first_position + len(pages) > len(Page.alphabet) ** Page.steplen:
        raise CommandError(f"“{parent.title}” cannot hold {len(pages)} more children (tree path overflow).")
    for position, page in enumerate(pages, start=first_position):
        place(page, parent, Page._get_path(parent.path, depth, position))
    insert_pages(type(pages[0]), pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def place(page, parent, path):
    page.path, page.depth = path, parent.depth + 1
    page.url_path = f"{parent.url_path}{page.slug}/"
    page.locale_id = parent.locale_id


def insert_pages(model, pages):
    """Write pages of one specific model: the Page rows in bulk, then the model's own table.

    Django's bulk_create refuses multi-table inheritance, so the child table is written with the same
    `_insert` call that `Model.save()` makes for it, in batches.
    """
    base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    rows = [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    Page.objects.bulk_create(rows)
    if any(row.pk is None for row in rows):  # databases that do not return ids from bulk inserts
        ids = dict(Page.objects.filter(path__in=[row.path for row in rows]).values_list("path", "pk"))
        for row in rows:
            row.pk = ids[row.path]
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    own_fields = model._meta.local_concrete_fields
    batch_size = connection.ops.bulk_batch_size(own_fields, pages)
    for start in range(0, len(pages), batch_size):
        model._base_manager._insert(pages[start : start + batch_size], fields=own_fields)


def update_search_index(model, pages):
    objects = list(model.get_indexed_objects().filter(pk__in=[page.pk for page in pages]))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)


def chunked(items, size=CHUNK_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- content ---------------------------------------------------------------------------------------------


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


def place_lessons(course) -> list[LessonPage]:
    lessons = []
    for position, step in enumerate(LESSON_STEPS[: course.lesson_count], start=1):
        title = f"{step}: {course.subject}"
        text = f"<p>Esta lección trata sobre {course.subject}, con ejemplos de la red.</p>"
        lesson = LessonPage(
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
        place(lesson, course, Page._get_path(course.path, course.depth + 1, position))
        lessons.append(lesson)
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


# --- progress ----------------------------------------------------------------------------------------------


class ProgressBar:
    """A one-line textual progress bar; on a non-terminal stream, one line per tenth of the work."""

    width = 30

    def __init__(self, stream, label, total):
        self.stream, self.label, self.total, self.done = stream, label, total, 0
        self.started = time.monotonic()
        self.interactive = stream.isatty()
        self.last_tenth = -1
        self.draw()

    def advance(self, count):
        self.done += count
        self.draw()

    def draw(self):
        fraction = self.done / self.total if self.total else 1
        tenth = int(fraction * 10)
        if not self.interactive and tenth == self.last_tenth:
            return
        self.last_tenth = tenth
        filled = int(fraction * self.width)
        line = (
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} "
            f"{fraction:4.0%} {time.monotonic() - self.started:6.1f} s"
        )
        text, ending = (f"\r{line}", "") if self.interactive else (line, "\n")
        self.stream.write(text, style_func=str, ending=ending)
        self.stream.flush()

    def finish(self):
        if self.interactive:
            self.stream.write("", style_func=str, ending="\n")
