"""Buying an item whose licence asks for its terms to be accepted takes one round: Buy, read and accept the
terms, and the next page is Stripe's; the acceptance is recorded with the licence version it was for."""

import re
from urllib.parse import quote

import pytest

from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel, LicenceAcceptance
from payments.models import Order

from .. import factories

BUY = "/es/payments/buy/{}/"


@pytest.fixture
def licence(priced_material):
    """A partner's agreement that lets the item be sold, once its terms are accepted."""
    licence = factories.LicenceFactory(
        widest_level=AccessLevel.AUTHORISED, acceptance_required=True, name="Convenio del Fondo"
    )
    priced_material.licence = licence
    priced_material.save_revision().publish()
    return licence


def terms_form(html: str) -> tuple[str, dict]:
    """The terms page's form: where it posts, and what it sends once the box is ticked."""
    form = html.split("<main", 1)[1].split('<form method="post" class="stacked"', 1)[1].split("</form>", 1)[0]
    action = re.search(r'action="([^"]*)"', form.split(">", 1)[0])
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return (action.group(1) if action else ""), {**fields, "accept": "on"}


def accept_the_terms(client, item):
    to_terms = client.post(BUY.format(item.pk))
    assert to_terms.status_code == 302 and to_terms["Location"].startswith(f"/es/terms/{item.pk}/")
    page = client.get(to_terms["Location"])
    assert "Convenio del Fondo" in page.content.decode()
    action, data = terms_form(page.content.decode())
    return client.post(action or to_terms["Location"], data)


@pytest.mark.django_db
def test_accepting_the_terms_goes_straight_to_stripe_checkout(
    buyer_client, buyer, priced_material, licence, standin
):
    response = accept_the_terms(buyer_client, priced_material)

    order = Order.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"{standin.url}/pay/{order.stripe_session_id}"
    acceptance = LicenceAcceptance.objects.get(user=buyer)
    assert (acceptance.page_id, acceptance.licence, acceptance.language) == (
        priced_material.pk,
        licence,
        "es",
    )
    assert order.licence == licence


@pytest.mark.django_db
def test_the_terms_page_says_the_payment_comes_next(buyer_client, priced_material, licence):
    page = buyer_client.get(f"/es/terms/{priced_material.pk}/?next={quote(priced_material.url)}")

    html = page.content.decode()
    assert "A continuación pagará 12,50 USD" in html
    assert terms_form(html)[0] == BUY.format(priced_material.pk)


@pytest.mark.django_db
def test_without_ticking_the_box_nothing_is_bought_and_the_terms_are_asked_again(
    buyer_client, priced_material, licence, standin
):
    to_terms = buyer_client.post(BUY.format(priced_material.pk))
    action, data = terms_form(buyer_client.get(to_terms["Location"]).content.decode())
    del data["accept"]  # the box left unticked

    response = buyer_client.post(action, data)

    assert response.status_code == 302 and response["Location"].startswith(f"/es/terms/{priced_material.pk}/")
    assert "la casilla para aceptar" in buyer_client.get(response["Location"]).content.decode()
    assert not Order.objects.exists() and not LicenceAcceptance.objects.exists()


@pytest.mark.django_db
def test_a_checkout_the_licence_no_longer_allows_is_refused_with_the_reason_after_the_terms(
    buyer_client, priced_material, licence, standin
):
    to_terms = buyer_client.post(BUY.format(priced_material.pk))
    action, data = terms_form(buyer_client.get(to_terms["Location"]).content.decode())
    licensing_changes.licence_new_version(licence=licence, changes={"may_be_sold": False}, by=None)

    response = buyer_client.post(action, data)

    assert response.status_code == 302 and response["Location"] == priced_material.url
    assert "su licencia no permite venderlo" in buyer_client.get(response["Location"]).content.decode()
    assert not Order.objects.exists() and not standin.state.sessions
