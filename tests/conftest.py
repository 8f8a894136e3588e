from dataclasses import dataclass

import pytest
from wagtail.models import Locale, Page, Site

from courses.models import AccessLevel

from . import factories


@dataclass
class Tree:
    home: object
    courses: object
    materials: object


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("es", "en", "pt")}


@pytest.fixture
def tree(locales) -> Tree:
    """A Spanish site: home, course catalogue, material library; the default site points at it."""
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root, slug="inicio", locale=locales["es"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "site_name": "Cla@se"}
    )
    Site.clear_site_root_paths_cache()
    return Tree(
        home=home,
        courses=factories.CourseIndexPageFactory(parent=home, slug="cursos"),
        materials=factories.MaterialIndexPageFactory(parent=home, slug="materiales"),
    )


@pytest.fixture
def public_material(tree):
    material = factories.MaterialPageFactory(parent=tree.materials, title="Guía de comercio justo")
    factories.add_file(material, "guia-comercio-justo.pdf", title="Guía completa")
    return material


@pytest.fixture
def members_material(tree):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Plan de negocios interno", access_level=AccessLevel.MEMBERS
    )
    factories.add_file(material, "plan-interno.pdf")
    return material


@pytest.fixture
def user(db):
    return factories.UserFactory()


@pytest.fixture
def member(db):
    return factories.MembershipFactory().user
