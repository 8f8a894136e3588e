"""Licences in the Wagtail admin: editors cannot publish (nor submit for review) an item its licence forbids,
and read why on the field to change; drafts are always saved; coordinators revise licences into versions."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from courses.licensing import changes as licensing_changes
from courses.models import Contributor, Licence, MaterialPage
from portal.roles import COORDINATORS, EDITORS

from .. import factories


def admin_client(client, group):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin speaks English to this user, so messages read as below
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client, db):
    return admin_client(client, COORDINATORS)


@pytest.fixture
def fund(db):
    return factories.ContributorFactory(name="Fondo Solidario")


def material_form(licence, credited=(), **overrides):
    data = {
        "title": "Plan de uso de la prima",
        "slug": "plan-de-uso-de-la-prima",
        "description": rich_text("<p>Una plantilla.</p>"),
        "language": "es",
        "tags": "",
        "licence": licence.pk if licence else "",
        "access_level": "authorised",
        "price": "15.00",
        "currency": "usd",
        "files": inline_formset(
            [{"title": "Plantilla", "file": SimpleUploadedFile("plan.pdf", factories.pdf_bytes())}]
        ),
        "contributors": inline_formset(
            [{"contributor": contributor.pk, "role": "copyright_holder"} for contributor in credited]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(tree):
    return reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))


def field_errors(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


@pytest.mark.django_db
def test_publishing_a_priced_item_under_a_non_commercial_licence_is_refused_on_the_price(
    coordinator_client, tree, fund
):
    non_commercial = factories.shipped("CC-BY-NC-4.0")

    response = coordinator_client.post(
        add_url(tree), material_form(non_commercial, [fund], **{"action-publish": "publish"})
    )

    assert response.status_code == 200
    [message] = field_errors(response, "price")
    english_name = non_commercial.in_language("name", "en")  # the coordinator reads English
    assert message.startswith(f"“{english_name}”, the licence of Fondo Solidario, does not allow")
    assert "remove the price" in message and message in response.content.decode().replace("&quot;", '"')
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_a_draft_is_saved_and_once_fixed_the_item_is_published(coordinator_client, tree, fund):
    non_commercial = factories.shipped("CC-BY-NC-4.0")

    draft = coordinator_client.post(add_url(tree), material_form(non_commercial, [fund]))

    assert draft.status_code == 302
    material = MaterialPage.objects.get()
    assert not material.live
    edit_url = reverse("wagtailadmin_pages:edit", args=(material.pk,))
    [file] = material.get_latest_revision_as_object().files.all()
    [credit] = material.get_latest_revision_as_object().contributors.all()
    fixed = material_form(
        non_commercial,
        price="",
        files=inline_formset([{"id": file.pk, "title": file.title, "file": ""}], initial=1),
        contributors=inline_formset(
            [{"id": credit.pk, "contributor": fund.pk, "role": "copyright_holder"}], initial=1
        ),
        **{"action-publish": "publish"},
    )
    published = coordinator_client.post(edit_url, fixed)
    assert published.status_code == 302, published.context["form"].errors
    material = MaterialPage.objects.get()
    assert material.live and material.price is None and material.licence == non_commercial
    credits = [(credit.contributor.name, credit.role) for credit in material.contributors.all()]
    assert credits == [("Fondo Solidario", "copyright_holder")]


@pytest.mark.django_db
def test_a_level_wider_than_the_licence_is_refused_on_the_access_level(coordinator_client, tree, fund):
    members_only = factories.shipped("ARR-MEMBERS")

    response = coordinator_client.post(
        add_url(tree),
        material_form(members_only, [fund], access_level="public", price="", **{"action-publish": "publish"}),
    )

    assert response.status_code == 200
    [message] = field_errors(response, "access_level")
    english_name = members_only.in_language("name", "en")  # the coordinator reads English
    assert f"“{english_name}”, the licence of Fondo Solidario, allows this item to reach at most" in message
    assert "“Members only”: choose that access level or a narrower one" in message


@pytest.mark.django_db
def test_an_ended_agreement_and_a_missing_licence_are_refused_on_the_licence(coordinator_client, tree, fund):
    ended = factories.LicenceFactory(
        name="Convenio 2020",
        widest_level="authorised",
        agreement_ends=timezone.localdate() - datetime.timedelta(1),
    )

    response = coordinator_client.post(
        add_url(tree), material_form(ended, [fund], **{"action-publish": "publish"})
    )
    [message] = field_errors(response, "licence")
    assert message.startswith("The agreement “Convenio 2020” with Fondo Solidario ended on")

    response = coordinator_client.post(add_url(tree), material_form(None, **{"action-publish": "publish"}))
    assert field_errors(response, "licence") == ["Choose the licence this item is offered under."]


@pytest.mark.django_db
def test_an_editor_cannot_submit_for_review_what_the_licence_forbids(client, tree, fund):
    editor_client = admin_client(client, EDITORS)

    response = editor_client.post(
        add_url(tree),
        material_form(factories.shipped("CC-BY-NC-ND-4.0"), [fund], **{"action-submit": "submit"}),
    )

    assert response.status_code == 200
    assert "does not allow this item to be sold" in field_errors(response, "price")[0]
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
def test_the_editor_chooses_among_the_versions_in_force(coordinator_client, tree):
    old = factories.LicenceFactory(name="Convenio con la universidad")
    material = factories.MaterialPageFactory(parent=tree.materials, licence=old)
    factories.add_file(material)

    new = licensing_changes.licence_new_version(
        licence=old, changes={"name": "Convenio con la universidad, 2026"}, by=None
    )

    response = coordinator_client.get(reverse("wagtailadmin_pages:edit", args=(material.pk,)))

    field = response.context["form"].fields["licence"]
    assert new in field.queryset and old not in field.queryset
    assert response.context["form"].initial["licence"] == new.pk


# --- the Licensing menu -----------------------------------------------------------------------------------


def licence_form(licence, **changes):
    fields = {name: getattr(licence, name) for name in Licence.TERMS_FIELDS}
    fields.update(changes)
    data = {name: ("" if value is None else value) for name, value in fields.items()}
    for flag in ("may_be_sold", "may_be_changed", "attribution_required", "acceptance_required"):
        if not data[flag]:
            del data[flag]  # an unchecked box is not posted
    return {**data, "code": licence.code}


@pytest.mark.django_db
def test_a_coordinator_revises_a_licence_into_a_new_version_items_follow_at_once(coordinator_client, tree):
    licence = factories.LicenceFactory(
        name="Convenio con el Fondo", widest_level="authorised", may_be_sold=True
    )
    material = factories.MaterialPageFactory(
        parent=tree.materials, access_level="authorised", price=Decimal("10.00"), licence=licence
    )
    edit_url = reverse("licences:edit", args=(licence.pk,))

    response = coordinator_client.post(edit_url, licence_form(licence, may_be_sold=False, revenue_share="25"))

    assert response.status_code == 302
    new = Licence.objects.current().get(code=licence.code)
    licence.refresh_from_db()
    assert (new.version, new.may_be_sold, new.revenue_share, new.previous) == (2, False, 25, licence)
    assert licence.may_be_sold and not licence.is_current, "the old version is kept as it was"
    assert not MaterialPage.objects.get(pk=material.pk).on_sale
    assert coordinator_client.get(edit_url)["Location"] == reverse("licences:edit", args=(new.pk,))


@pytest.mark.django_db
def test_licences_are_never_deleted_and_contributors_are_managed(coordinator_client):
    licence = factories.shipped("CC-BY-4.0")
    assert coordinator_client.get(reverse("licences:delete", args=(licence.pk,))).status_code in (302, 403)
    assert Licence.objects.filter(pk=licence.pk).exists()

    response = coordinator_client.post(
        reverse("contributors:add"),
        {
            "name": "Universidad Agraria del Pacífico",
            "kind": "university",
            "website": "",
            "contact": "",
            "notes": "",
        },
    )

    assert response.status_code == 302
    assert Contributor.objects.get().kind == Contributor.Kind.UNIVERSITY
    assert coordinator_client.get(reverse("licences:index")).status_code == 200
    assert coordinator_client.get(reverse("licences:add")).status_code == 200


@pytest.mark.django_db
def test_a_new_licence_may_not_reuse_a_code(coordinator_client):
    licence = factories.shipped("CC-BY-4.0")

    response = coordinator_client.post(reverse("licences:add"), licence_form(licence))

    assert response.status_code == 200
    # The admin speaks Spanish (the default language) to this coordinator.
    assert "edítela para crear una nueva versión" in str(response.context["form"].errors["code"])


@pytest.mark.django_db
def test_the_course_editor_offers_licence_and_contributors(coordinator_client, tree, fund):
    url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", tree.courses.pk))

    html = coordinator_client.get(url).content.decode()

    assert 'name="licence"' in html and 'id="id_contributors-TOTAL_FORMS"' in html
    assert "Fondo Solidario" in html, "the contributor chooser lists the contributors"
