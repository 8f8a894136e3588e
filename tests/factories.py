"""Factories for users, organisations and the page tree (factory_boy and wagtail-factories)."""

import datetime
import io

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from reportlab.pdfgen import canvas

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
from portal.models import ContactPage, InfoPage, Invitation, Membership, Organisation, User

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Cooperativa {n}")
    country = "PE"

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    verified = True

    class Meta:
        model = Membership


class InvitationFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitada{n}@coop.example")
    full_name = factory.Faker("name")
    language = "es"

    class Meta:
        model = Invitation


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Inicio"

    class Meta:
        model = HomePage


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = "Cursos"

    class Meta:
        model = CourseIndexPage


class MaterialIndexPageFactory(wagtail_factories.PageFactory):
    title = "Materiales"

    class Meta:
        model = MaterialIndexPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Curso {n}")
    summary = "Un curso para cooperativas de pequeños productores."
    estimated_hours = 4

    class Meta:
        model = CoursePage


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Lección {n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Contenido de la lección.</p>")])

    class Meta:
        model = LessonPage


class MaterialPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Material {n}")
    description = "<p>Una guía práctica.</p>"

    class Meta:
        model = MaterialPage


def pdf_bytes(text: str = "Cla@se") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.save()
    return buffer.getvalue()


def add_file(
    material: MaterialPage, name: str = "guia.pdf", content: bytes | None = None, title: str = ""
) -> MaterialFile:
    material_file = MaterialFile(page=material, title=title)
    material_file.file.save(name, ContentFile(content if content is not None else pdf_bytes()), save=False)
    material_file.save()
    return material_file


class ContributorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Aliado {n}")
    kind = Contributor.Kind.PARTNER

    class Meta:
        model = Contributor


class LicenceFactory(factory.django.DjangoModelFactory):
    """A licence of its own (a fresh code); the shipped ones are found with `shipped(code)`."""

    code = factory.Sequence(lambda n: f"TEST-{n}")
    name = factory.Sequence(lambda n: f"Convenio de prueba {n}")
    label = factory.Sequence(lambda n: f"Convenio {n}")
    url = "https://licencias.example/convenio"
    widest_level = "public"

    class Meta:
        model = Licence


def shipped(code: str) -> Licence:
    return Licence.objects.current().get(code=code)


def credit(item, *contributors, role="author"):
    """Name contributors of a saved course or material (saved at once, without a new revision)."""
    model = CourseContributor if isinstance(item, CoursePage) else MaterialContributor
    for position, contributor in enumerate(contributors):
        model.objects.create(page=item, contributor=contributor, role=role, sort_order=position)
    return item


class InfoPageFactory(wagtail_factories.PageFactory):
    """A privacy policy, terms of use or help page (portal/models/site_pages.py); terms by default."""

    title = "Condiciones de uso"
    kind = InfoPage.Kind.TERMS
    version = "2026-1"
    updated_on = datetime.date(2026, 1, 15)
    intro = "Lo que usted acepta al crear una cuenta."

    class Meta:
        model = InfoPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contacto"
    intro = "<p>Escriba a la coordinación.</p>"
    thanks = "<p>Le respondemos en cinco días hábiles.</p>"

    class Meta:
        model = ContactPage
