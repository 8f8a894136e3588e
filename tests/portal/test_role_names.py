"""The editorial groups, the moderation workflow and its task are named in each reader's language in the
admin ("Enviar a Revisión editorial", not "Enviar a Editorial review"), while their records keep the English
names the portal finds them by, even after a coordinator saves one through the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow

from portal.roles import COORDINATORS, EDITORS, WORKFLOW

from .. import factories


def staff_client(group: str, language: str) -> Client:
    user = factories.UserFactory(is_staff=True, language=language)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "action"), [("es", "Enviar a Revisión editorial"), ("pt", "Enviar para Revisão editorial")]
)
def test_an_editor_submits_to_the_workflow_named_in_their_language(tree, language, action):
    lesson = factories.LessonPageFactory(parent=factories.CoursePageFactory(parent=tree.courses))

    html = staff_client(EDITORS, language).get(f"/admin/pages/{lesson.pk}/edit/").content.decode()

    assert action in html
    assert "Editorial review" not in html


@pytest.mark.django_db
def test_the_groups_are_listed_in_the_coordinators_language(db):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True, language="pt")
    client = Client()
    client.force_login(superuser)

    html = client.get("/admin/groups/").content.decode()

    assert "Coordenadores de formação" in html and "Editores" in html
    assert "Learning coordinators" not in html


@pytest.mark.django_db
def test_a_group_saved_under_its_translated_name_keeps_the_name_the_portal_finds_it_by(db):
    coordinators = Group.objects.get(name=COORDINATORS)
    workflow = Workflow.objects.get(name=WORKFLOW)

    coordinators.name = "Coordinadores de formación"  # what the admin's form shows, sent back as it is
    coordinators.save()
    workflow.name = "Revisión editorial"
    workflow.save()

    assert Group.objects.filter(name=COORDINATORS).exists()
    assert Workflow.objects.filter(name=WORKFLOW).exists()
    assert not Group.objects.filter(name="Coordinadores de formación").exists()
