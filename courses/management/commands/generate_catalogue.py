"""Generate a large catalogue for load tests: `manage.py generate_catalogue --materials N [--courses M]`.

Generated pages go into the Spanish tree made by `load_demo`: materials under its material library,
courses (with a few lessons each) under its course catalogue. The command is idempotent by target
(`--materials 1000` brings the count to 1000, adding or removing pages) and `--clear` removes them all.
What a generated page says is in courses/demo/catalogue_content.py; how pages are written in bulk, in
courses/demo/catalogue_generator.py.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from courses.demo.catalogue_content import delete_shared_files_if_unused
from courses.demo.catalogue_generator import CatalogueGenerator, spanish_index
from courses.models import CourseIndexPage, CoursePage, MaterialIndexPage, MaterialPage


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
        generator = CatalogueGenerator(self.stdout, self.stderr)
        if materials is not None:
            library = spanish_index(MaterialIndexPage, "material library")
            generator.reach_target("materials", MaterialPage, library, materials, generator.add_materials)
            if materials == 0:
                delete_shared_files_if_unused()
        if courses is not None:
            catalogue = spanish_index(CourseIndexPage, "course catalogue")
            generator.reach_target("courses", CoursePage, catalogue, courses, generator.add_courses)
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
