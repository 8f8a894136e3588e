"""Factories for users, organisations and the page tree (factory_boy and wagtail-factories)."""

import io

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from reportlab.pdfgen import canvas

from courses.models import (
    CourseIndexPage,
    CoursePage,
    HomePage,
    LessonPage,
    MaterialFile,
    MaterialIndexPage,
    MaterialPage,
)
from portal.models import Membership, Organisation, User

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
    country = "Perú"

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    verified = True

    class Meta:
        model = Membership


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
