"""The demo and the catalogue generator credit every item under a licence that fits its level and price."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.licensing import rules as licensing
from courses.models import CoursePage, MaterialPage


def problems_of(model):
    today = timezone.localdate()
    items = model.objects.select_related("licence").prefetch_related("contributors__contributor")
    return {item.slug: licensing.item_problems(item, today) for item in items}


@pytest.mark.django_db
def test_every_demo_and_generated_item_has_a_licence_it_may_be_published_under():
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("load_demo", **quiet)
    call_command("load_demo", **quiet)  # idempotent: nothing added the second time
    demo = {model: model.objects.count() for model in (CoursePage, MaterialPage)}
    call_command("generate_catalogue", materials=40, courses=6, **quiet)

    for model in (CoursePage, MaterialPage):
        assert model.objects.count() == demo[model] + (6 if model is CoursePage else 40)
        assert not model.objects.filter(licence__isnull=True).exists()
        assert {slug: found for slug, found in problems_of(model).items() if found} == {}
    assert all(page.contributors.exists() for page in MaterialPage.objects.all())
    premium = MaterialPage.objects.get(slug="plantilla-plan-prima")
    credits = [(credit.contributor.name, credit.role) for credit in premium.contributors.all()]
    assert (premium.licence.code, credits) == (
        "FONDO-SOLIDARIO-2024",
        [
            ("Red Latinoamericana y del Caribe de Pequeños Productores de Comercio Justo", "author"),
            ("Fondo Solidario", "copyright_holder"),
        ],
    )
