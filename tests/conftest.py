from dataclasses import dataclass
from importlib import import_module

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
def no_language_left_active():
    """Each test starts in the portal's default language and time zone, as in a fresh process, whatever a
    test run before it in the same process left active (addresses are built in the active language)."""
    from django.utils import timezone, translation

    translation.deactivate()
    timezone.deactivate()
    yield
    translation.deactivate()
    timezone.deactivate()


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


def shipped_licences() -> None:
    """The licences the migrations ship, in three languages. A transactional test flushes them: a test that
    loads the demo after one ships them again, with the migrations' own functions."""
    from django.apps import apps

    for migration, function in (
        ("0005_ship_standard_licences_and_partner_agreement", "ship"),
        ("0015_shipped_licences_in_three_languages", "translate"),
    ):
        getattr(import_module(f"courses.migrations.{migration}"), function)(apps, None)


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


def take_redis_down(settings) -> None:
    """From here on, the production cache backend (portal/speed/cache.py) with Redis unreachable: a port on
    this machine that nothing listens on, so every command is refused at once, as when Redis is down."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "portal.speed.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        },
    }


@pytest.fixture
def redis_down(settings):
    take_redis_down(settings)
