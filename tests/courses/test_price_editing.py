"""Prices in the network's currencies in the Wagtail editor: a price Stripe could not charge (under its
minimum, with decimals a currency does not have, over eight digits) is refused on the price field, in the
editor's language, when the item is saved or published; a chargeable one is published."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from courses.models import MaterialPage
from portal.roles import COORDINATORS

from .. import factories


def editor_client(client, language):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def material_form(price: str, currency: str) -> dict:
    return nested_form_data(
        {
            "title": "Guía de acopio",
            "slug": "guia-de-acopio",
            "description": rich_text("<p>Una guía.</p>"),
            "language": "es",
            "tags": "",
            "licence": factories.LicenceFactory(widest_level="authorised").pk,
            "access_level": "authorised",
            "price": price,
            "currency": currency,
            "files": inline_formset(
                [{"title": "Guía", "file": SimpleUploadedFile("guia.pdf", factories.pdf_bytes())}]
            ),
            "contributors": inline_formset([]),
            "action-publish": "publish",
        }
    )


def publish(client, tree, price: str, currency: str):
    add_url = reverse("wagtailadmin_pages:add", args=("courses", "materialpage", tree.materials.pk))
    return client.post(add_url, material_form(price, currency))


def price_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get("price", [])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "price", "currency", "message"),
    [
        (
            "es",
            "5000",
            "pyg",
            "El precio más bajo que se puede cobrar en esta moneda es 8\xa0000 PYG (el cobro mínimo de "
            "Stripe): indique al menos ese precio o elija otra moneda.",
        ),
        (
            "pt",
            "0.40",
            "brl",
            "O menor preço que pode ser cobrado nesta moeda é BRL 0,50 (a cobrança mínima da Stripe): "
            "defina pelo menos esse valor ou escolha outra moeda.",
        ),
        (
            "en",
            "9.50",
            "mxn",
            "The lowest price that can be charged in this currency is MXN 10.00 (Stripe's minimum charge): "
            "set at least that, or choose another currency.",
        ),
        ("es", "12000.50", "clp", "Los precios en CLP se escriben sin decimales."),
        ("en", "1000000.00", "cop", "Stripe cannot charge more than COP 999,999.99 in one payment."),
    ],
)
def test_a_price_stripe_cannot_charge_is_refused_on_the_price_field(
    client, tree, language, price, currency, message
):
    response = publish(editor_client(client, language), tree, price, currency)

    assert response.status_code == 200
    assert price_errors(response) == [message]
    assert not MaterialPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("price", "currency"), [("8000", "pyg"), ("0.50", "brl"), ("40000.00", "cop"), ("99999999", "pyg")]
)
def test_a_price_stripe_can_charge_is_published(client, tree, price, currency):
    response = publish(editor_client(client, "es"), tree, price, currency)

    assert response.status_code == 302, price_errors(response)
    material = MaterialPage.objects.get()
    assert material.live and (material.price, material.currency) == (Decimal(price), currency)
