from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, Locale, Page, Site

from courses.models import AccessLevel
from portal.roles import COORDINATORS, EDITORS, setup_roles

from . import factories


@dataclass
class Tree:
    home: object
    courses: object
    materials: object


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: stored public pages of another test's data never leak in."""
    from django.core.cache import caches

    from portal.speed import page_cache

    for alias in ("default", "local"):
        caches[alias].clear()
    page_cache._kept_objects.clear()


@pytest.fixture(scope="session")
def s3_endpoint():
    """The project's local S3 server (bench/s3.py: moto on a free loopback port), for the whole session."""
    from bench import s3

    with s3.moto_s3() as endpoint:
        yield endpoint


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("es", "en", "pt")}


def wagtail_root(locale) -> Page:
    """The tree's root page. A transactional test flushes what migrations made: make it again, with the
    root collection and the editorial roles that hang on them."""
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    setup_roles()
    return root


@pytest.fixture
def tree(locales) -> Tree:
    """A Spanish site: home, course catalogue, material library; the default site points at it."""
    root = wagtail_root(locales["es"])
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


# A member of each editorial group (portal/roles.py); files that need other people define their own.
@pytest.fixture
def editor(db):
    user = factories.UserFactory(email="editor@clase.example")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(email="coordinator@clase.example")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user
