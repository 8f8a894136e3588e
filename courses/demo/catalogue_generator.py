"""Writing generated catalogue pages in bulk (`manage.py generate_catalogue`): the page tree, the search
index and the progress shown while it runs.

Generated pages go into the Spanish tree made by `load_demo`: materials under its material library,
courses (with a few lessons each) under its course catalogue. The number at the end of a generated page's
slug (courses/demo/catalogue_content.py) makes the generation idempotent by target (`--materials 1000`
brings the count to 1000, adding or removing pages) and lets `--clear` remove them all.

Speed: `add_child` saves one page at a time (path lookup, full save, signals). Here treebeard's path, depth
and numchild and Wagtail's url_path are computed in Python and rows are written in bulk, one transaction
per chunk so the tree stays consistent if the command is interrupted. The search index is fed through the
search backend's bulk `add_bulk`.
"""

import time

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from courses.models import (
    CourseContributor,
    CoursePage,
    CoursePageTag,
    LessonPage,
    MaterialContributor,
    MaterialFile,
    MaterialPage,
    MaterialPageTag,
)

from .catalogue_content import (
    SLUG_NUMBER,
    SLUG_NUMBER_SQL,
    Credits,
    build_course,
    build_lessons,
    build_material,
    material_file,
    shared_files,
    topic_tags,
)

CHUNK_SIZE = 500


class CatalogueGenerator:
    """Brings the generated pages under an index to a target number, reporting on the command's streams:
    a line per target on `stdout`, progress bars on `stderr`."""

    def __init__(self, stdout, stderr):
        self.stdout, self.stderr = stdout, stderr

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
                lessons = [
                    lesson for course in courses for lesson in place_lessons(course, build_lessons(course))
                ]
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


def place_lessons(course, lessons) -> list[LessonPage]:
    """Place a new course's lessons as its children, in order (the course's numchild already counts them)."""
    for position, lesson in enumerate(lessons, start=1):
        place(lesson, course, Page._get_path(course.path, course.depth + 1, position))
    return lessons


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
