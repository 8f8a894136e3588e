"""Grants: one user may open one item, until the grant is revoked."""

import pytest

from courses.access import policy as access
from courses.access import services
from courses.models import AccessLevel, Entitlement

from .. import factories


@pytest.mark.django_db
def test_a_grant_opens_one_item_for_one_user_until_revoked(tree, user):
    granted = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    other = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    admin = factories.UserFactory(is_superuser=True)

    entitlement = services.entitlement_grant(user=user, item=granted, by=admin, note="Socio en trámite")

    assert access.check(user, granted).allowed and not access.check(user, other).allowed
    assert not access.check(factories.UserFactory(), granted).allowed

    services.entitlement_revoke(entitlement=entitlement, by=admin)
    access.forget(user)
    assert not access.check(user, granted).allowed


@pytest.mark.django_db
def test_granting_twice_keeps_one_entitlement(tree, user):
    item = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.MEMBERS)
    first = services.entitlement_grant(user=user, item=item, by=None)
    second = services.entitlement_grant(user=user, item=item, by=None)
    assert first == second and Entitlement.objects.count() == 1


@pytest.mark.django_db
def test_only_courses_and_materials_can_be_granted(tree, user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.entitlement_grant(user=user, item=tree.home, by=None)


@pytest.mark.django_db
def test_a_grant_covers_every_language_version_of_the_item(tree, user, locales):
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.MEMBERS)
    english = material.copy_for_translation(locales["en"], copy_parents=True)
    english.save_revision().publish()

    services.entitlement_grant(user=user, item=material, by=None)

    assert access.check(user, english).allowed
