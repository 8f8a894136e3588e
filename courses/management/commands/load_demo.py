"""Load the demo: locales, the page tree in Spanish, English and Portuguese, materials with their PDF files,
contributors and the licence of each item, organisations and one user per role (see `demo_logins`), and a
course the demo cooperative assigned to its members. English and Portuguese are synced translations.

Safe to re-run: existing organisations, users and contributors are left as they are, and the pages are only
built when the Spanish home page does not exist yet (when it does, the search index is rebuilt). Demo items
without a licence (a site built before licences existed) get theirs, published as a new revision; items that
have one are left alone.
"""

import uuid
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from courses.catalogue.translations import translations_adopt_all
from courses.demo import content
from courses.demo import licensing as demo_licensing
from courses.demo import site_pages as demo_site_pages
from courses.demo.assignments import ensure_assignment
from courses.demo.files import cover_png, material_pdf
from courses.demo.helpers import LANGUAGES
from courses.demo.media import ensure_demo_media
from courses.demo.organisation_learning import ensure_organisation_learning
from courses.learning import services as learning
from courses.models import (
    Contributor,
    CourseContributor,
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    Licence,
    MaterialContributor,
    MaterialFile,
    MaterialIndexPage,
    MaterialPage,
)
from portal.models import (
    AccessRequest,
    ContactPage,
    InfoPage,
    Membership,
    Organisation,
    PartnerDomain,
    PortalSettings,
    User,
)


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def paragraphs(html: str) -> list[str]:
    return [strip_tags(part).strip() for part in html.split("</p>") if strip_tags(part).strip()]


class Command(BaseCommand):
    help = "Load the multilingual demo content and one demo user per role (safe to re-run)."

    def handle(self, *args, **options):
        with transaction.atomic():
            locales = self.ensure_locales()
            organisations = self.ensure_organisations()
            self.ensure_users(organisations)
            self.ensure_settings()
            self.contributors = self.ensure_contributors()
            site_existed = HomePage.objects.filter(locale=locales["es"]).exists()
            if site_existed:
                self.stdout.write("Pages: the demo site already exists, left unchanged.")
                self.ensure_credits()
            else:
                self.build_site(locales)
            self.ensure_site_pages()
            self.ensure_synced_translations()
            self.ensure_site_address()
            self.ensure_learning()
            self.stdout.write(ensure_assignment())
            ensure_organisation_learning(self.stdout)
        if site_existed:
            # Pages are indexed as they are published; a site loaded by an earlier version may have been
            # indexed otherwise (before word forms, portal/search_backend/), so its index is made again.
            call_command("update_index", verbosity=0)
            self.stdout.write("Search index: rebuilt.")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))

    def ensure_settings(self) -> None:
        portal_settings = PortalSettings.load()
        if not portal_settings.contact_email:
            portal_settings.contact_email = "coordinacion@clase.example"
            portal_settings.save()
        if not portal_settings.seller_legal_name:
            # A seller as receipts name it (payments/receipt_pdf.py): invented, as every demo organisation.
            portal_settings.seller_legal_name = "Red de Pequeños Productores de Comercio Justo (demostración)"
            portal_settings.seller_address = "Av. Central 123\nCiudad de Guatemala\nGuatemala"
            portal_settings.seller_tax_id = "NIT 1234567-8"
            portal_settings.save()
        PartnerDomain.objects.get_or_create(
            domain="fondo-solidario.example", defaults={"partner": "Fondo Solidario"}
        )

    def ensure_contributors(self) -> dict[str, Contributor]:
        return self.ensure_named(Contributor, demo_licensing.CONTRIBUTORS, "Contributors")

    def ensure_named(self, model, specs: list[dict], label: str) -> dict:
        """Create the named records that do not exist yet; existing ones are left as they are."""
        records, created = {}, 0
        for spec in specs:
            fields = {key: value for key, value in spec.items() if key != "name"}
            record, is_new = model.objects.get_or_create(name=spec["name"], defaults=fields)
            records[record.name] = record
            created += is_new
        self.stdout.write(f"{label}: {len(records)} ({created} new)")
        return records

    def credit(self, page, credits: dict, key: str) -> None:
        """Give a page (saved or not) its demo licence and contributors, before it is published."""
        code, contributors = credits[key]
        credit_model = CourseContributor if isinstance(page, CoursePage) else MaterialContributor
        page.licence = Licence.objects.current().get(code=code)
        page.contributors = [
            credit_model(contributor=self.contributors[name], role=role, sort_order=position)
            for position, (name, role) in enumerate(contributors)
        ]

    def ensure_credits(self) -> None:
        """Credit the demo items of a site built before licences existed (those still without one)."""
        updated = 0
        for model, specs, credits in (
            (MaterialPage, content.MATERIALS, demo_licensing.MATERIALS),
            (CoursePage, content.COURSES, demo_licensing.COURSES),
        ):
            for spec in specs:
                slugs = [spec[language]["slug"] for language in LANGUAGES]
                for page in model.objects.filter(slug__in=slugs, licence__isnull=True):
                    if page.slug != spec[page.locale.language_code]["slug"]:
                        continue
                    self.credit(page, credits, spec["key"])
                    revision = page.save_revision()
                    if page.live:
                        revision.publish()
                    updated += 1
        self.stdout.write(f"Licences: {updated} demo items credited")

    def ensure_site_pages(self) -> None:
        """The privacy policy, terms of use, help and contact pages under each language's home page, where
        they are missing (a site built before them gets them too); each kind shares one translation key."""
        made = 0
        for kind, texts in demo_site_pages.PAGES.items():
            model = ContactPage if kind == "contact" else InfoPage
            extra = {} if kind == "contact" else {"kind": kind}
            existing = model.objects.filter(**extra)
            key = existing.values_list("translation_key", flat=True).first() or uuid.uuid4()
            for language in LANGUAGES:
                home = HomePage.objects.filter(locale__language_code=language).first()
                if home is None or existing.filter(locale=home.locale).exists():
                    continue
                if kind in ("privacy", "terms"):
                    extra.update(version=demo_site_pages.VERSION, updated_on=demo_site_pages.IN_FORCE)
                publish(home, model(**texts[language], **extra, locale=home.locale, translation_key=key))
                made += 1
        Site.clear_site_root_paths_cache()
        self.stdout.write(f"Site pages (privacy, terms, help, contact): {made} new")

    def ensure_synced_translations(self) -> None:
        """The English and Portuguese pages, written apart from the Spanish ones, become their synced
        translations (wagtail-localize), as a migration makes those of a site built before it."""
        adopted = translations_adopt_all()
        self.stdout.write(f"Translations: {adopted} pages now synced with their Spanish source")

    def ensure_learning(self) -> None:
        """Give the demo member some progress, so that "My learning" has something to show: the first
        lessons of a course, through the same rules as the site (courses/learning/services.py)."""
        member = User.objects.filter(email=content.LEARNING["email"]).first()
        if member is None or member.enrolments.exists():
            self.stdout.write("Learning: the demo member's progress left unchanged.")
            return
        spec = next(course for course in content.COURSES if course["key"] == content.LEARNING["course"])
        course = CoursePage.objects.filter(slug=spec["es"]["slug"], locale__language_code="es").first()
        if course is None:
            return
        lessons = list(course.lessons().order_by("path"))[: content.LEARNING["lessons_done"]]
        for lesson in lessons:
            learning.lesson_complete(user=member, lesson=lesson)
        self.stdout.write(f"Learning: {member.email} has done {len(lessons)} lessons of “{course.title}”")

    def ensure_locales(self) -> dict[str, Locale]:
        locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
        self.stdout.write(f"Locales: {', '.join(locales)}")
        return locales

    def ensure_organisations(self) -> dict[str, Organisation]:
        return self.ensure_named(Organisation, content.ORGANISATIONS, "Organisations")

    def ensure_users(self, organisations: dict[str, Organisation]) -> None:
        emails = [spec["email"] for spec in content.USERS]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        for spec in content.USERS:
            if spec["email"] in existing:
                continue
            create = User.objects.create_superuser if spec.get("superuser") else User.objects.create_user
            user = create(
                spec["email"], content.DEMO_PASSWORD, full_name=spec["full_name"], language=spec["language"]
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            if spec.get("group"):
                user.groups.add(Group.objects.get(name=spec["group"]))
            if spec.get("authorised"):
                AccessRequest.objects.create(
                    user=user,
                    **spec["authorised"],
                    accepted_terms=True,
                    status=AccessRequest.Status.APPROVED,
                    decided_at=timezone.now(),
                )
            if spec.get("pending"):
                # One request waiting for a decision, so that a coordinator has something to approve.
                AccessRequest.objects.create(user=user, **spec["pending"], accepted_terms=True)
            if spec.get("organisation"):
                Membership.objects.create(
                    user=user,
                    organisation=organisations[spec["organisation"]],
                    verified=True,
                    role=spec.get("membership_role", Membership.Role.MEMBER),
                    manages=spec.get("manages", False),
                )
        self.stdout.write(f"Users: {len(content.USERS)} ({len(content.USERS) - len(existing)} new)")

    def build_site(self, locales: dict[str, Locale]) -> None:
        root = Page.get_first_root_node()
        # One translation key per demo item, shared by its three language versions.
        self.keys = defaultdict(uuid.uuid4)
        self.covers = {course["key"]: self.cover_image(course) for course in content.COURSES}
        # A video with captions (its small rendition made once this commits) and a recording.
        self.media = ensure_demo_media()
        for language in LANGUAGES:
            locale = locales[language]
            home = publish(
                root, HomePage(**content.HOME[language], locale=locale, translation_key=self.keys["home"])
            )
            if language == "es":
                self.make_default_site(home)
            course_index = publish(
                home,
                CourseIndexPage(
                    **content.COURSE_INDEX[language], locale=locale, translation_key=self.keys["course-index"]
                ),
            )
            material_index = publish(
                home,
                MaterialIndexPage(
                    **content.MATERIAL_INDEX[language],
                    locale=locale,
                    translation_key=self.keys["material-index"],
                ),
            )
            # Created last to first: the home page shows the newest items, and the lists start with open ones.
            materials = {
                spec["key"]: self.add_material(material_index, spec, locale)
                for spec in reversed(content.MATERIALS)
            }
            for spec in reversed(content.COURSES):
                self.add_course(course_index, spec, locale, materials)
            lessons = sum(len(course["lessons"]) for course in content.COURSES)
            self.stdout.write(
                f"Pages ({language}): home, catalogue, library, {len(materials)} materials, "
                f"{len(content.COURSES)} courses with {lessons} lessons"
            )
        Site.clear_site_root_paths_cache()

    def make_default_site(self, home: HomePage) -> None:
        """Point the default site at the Spanish home page and remove Wagtail's welcome page."""
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        site.site_name, site.root_page = "Cla@se", home
        site.save()
        plain_page = ContentType.objects.get_for_model(Page)
        for welcome in Page.objects.filter(depth=2, content_type=plain_page):
            welcome.delete()
        self.stdout.write("Site: the default site now opens the Spanish home page")

    def ensure_site_address(self) -> None:
        """The default site's host and port are those of PORTAL_BASE_URL (the demo's set from PORT), so that
        Wagtail's own full addresses (the admin's "view live", previews) are the ones the portal is served
        on; renewed on every run, as the port may change between runs."""
        address = urlsplit(settings.PORTAL_BASE_URL)
        port = address.port or (443 if address.scheme == "https" else 80)
        updated = Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=port)
        Site.clear_site_root_paths_cache()
        if updated:
            self.stdout.write(f"Site: {address.hostname}:{port}")

    def cover_image(self, course: dict):
        image = get_image_model()(
            title=course["es"]["title"],
            file=ImageFile(ContentFile(cover_png(course["colour"])), name=f"cover-{course['key']}.png"),
        )
        image.save()
        return image

    def add_material(self, parent: MaterialIndexPage, spec: dict, locale: Locale) -> MaterialPage:
        language = locale.language_code
        text = spec[language]
        page = MaterialPage(
            title=text["title"],
            slug=text["slug"],
            description=text["description"],
            access_level=spec["access_level"],
            price=Decimal(spec["price"]) if spec.get("price") else None,
            currency=spec.get("currency", "usd"),
            language=spec["language"] or language,
            locale=locale,
            translation_key=self.keys[f"material:{spec['key']}"],
        )
        page.tags.add(*(content.TOPICS[topic][language] for topic in spec["topics"]))
        self.credit(page, demo_licensing.MATERIALS, spec["key"])
        parent.add_child(instance=page)
        # The document is written in its own language, which may differ from the page's.
        document_language = spec["language"] or language
        document = spec[document_language]
        for index, file_title in enumerate(text["files"]):
            pdf = material_pdf(
                title=document["title"],
                subtitle=document["files"][index],
                paragraphs=paragraphs(document["description"]),
                outline=document["outline"],
                network=content.NETWORK[document_language],
                labels=content.PDF_LABELS[document_language],
            )
            name = text["slug"] if index == 0 else f"{text['slug']}-{slugify(file_title)}"
            material_file = MaterialFile(page=page, title=file_title, sort_order=index)
            material_file.file.save(f"{name}.pdf", ContentFile(pdf), save=False)
            material_file.save()
        page.save_revision().publish()
        return page

    def add_course(self, parent: CourseIndexPage, spec: dict, locale: Locale, materials: dict) -> CoursePage:
        language = locale.language_code
        text = spec[language]
        course = CoursePage(
            title=text["title"],
            slug=text["slug"],
            summary=text["summary"],
            audience=text["audience"],
            overview=text["overview"],
            estimated_hours=Decimal(spec["hours"]),
            learning_outcomes=[{"type": "outcome", "value": outcome} for outcome in text["outcomes"]],
            cover_image=self.covers[spec["key"]],
            access_level=spec["access_level"],
            language=language,
            locale=locale,
            translation_key=self.keys[f"course:{spec['key']}"],
        )
        course.tags.add(*(content.TOPICS[topic][language] for topic in spec["topics"]))
        self.credit(course, demo_licensing.COURSES, spec["key"])
        publish(parent, course)
        for position, lesson in enumerate(spec["lessons"]):
            lesson_text = lesson[language]
            publish(
                course,
                LessonPage(
                    title=lesson_text["title"],
                    slug=lesson_text["slug"],
                    duration_minutes=lesson["minutes"],
                    body=[self.resolve(block, materials, self.media) for block in lesson_text["body"]],
                    locale=locale,
                    translation_key=self.keys[f"lesson:{spec['key']}:{position}"],
                ),
            )
        return course

    @staticmethod
    def resolve(block: dict, materials: dict[str, MaterialPage], media: dict) -> dict:
        """A material block names its material by demo key: point it at the page of the same language; a
        video or a recording names its file by demo key too."""
        kind = block["type"]
        if kind == "material":
            page = materials[block["value"]["material"]]
            return {"type": "material", "value": {**block["value"], "material": page.pk}}
        if kind in ("video", "audio"):
            return {"type": kind, "value": {**block["value"], kind: media[block["value"][kind]].pk}}
        return block
