"""A locked item shows the whole way in, with the reader's place on it; a bought or granted item says so.

The steps are read from the page as a reader (or a screen reader) does: in order, each with its state in
words ("Hecho", "Paso actual", "Pendiente"), not only as a colour or an icon."""

import re
from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.access import services
from courses.models import AccessLevel, Entitlement
from portal.models import AccessRequest, PortalSettings

from .. import factories

STATES = {"Hecho": "done", "Paso actual": "current", "Pendiente": "to come"}


@pytest.fixture
def priced_material(tree):
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="Manual de costos",
        access_level=AccessLevel.AUTHORISED,
        price=Decimal("12.00"),
        currency="usd",
    )
    factories.add_file(material, "manual-costos.pdf")
    return material


def request_for(user, status=AccessRequest.Status.PENDING):
    return AccessRequest.objects.create(
        user=user, organisation="ONG", country="PE", role="Asesor", purpose="Formar", status=status
    )


def page_html(client, page, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def path_of(html: str, states=STATES) -> list[tuple[str, str]]:
    """The steps of the way in as (state, text), in order, as a screen reader reads them (marks hidden)."""
    notice = html.split('class="lock-notice"', 1)[1].split("</section>", 1)[0]
    path = notice.split('class="access-path"', 1)[1].split("</ol>", 1)[0]
    steps = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", path, flags=re.S):
        item = re.sub(r'<span aria-hidden="true">.*?</span>', "", item)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        state = next(word for word in states if text.startswith(word))
        steps.append((states[state], text.removeprefix(state).lstrip(": ").strip()))
    return steps


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_the_whole_way_to_a_priced_item_and_that_members_open_it_free(
    client, priced_material
):
    html = page_html(client, priced_material)

    assert path_of(html) == [
        ("current", "Cree una cuenta"),
        ("to come", "Confirme su dirección de correo electrónico"),
        ("to come", "Solicite la autorización de la Red"),
        ("to come", "Una persona coordinadora decide, normalmente en 5 días"),
        ("to come", "Pague 12,00 USD"),
    ]
    assert "Los miembros de la Red lo abren gratis" in html
    # The current step's own call to action is still there.
    assert 'href="/es/accounts/signup/?next=' in html


@pytest.mark.django_db
def test_the_usual_time_for_a_decision_is_a_site_setting(client, priced_material):
    settings = PortalSettings.load()
    settings.usual_decision_days = 2
    settings.save()

    assert ("to come", "Una persona coordinadora decide, normalmente en 2 días") in path_of(
        page_html(client, priced_material)
    )


@pytest.mark.django_db
def test_a_signed_in_user_with_an_unconfirmed_address_is_at_the_second_step(client, priced_material):
    html = page_html(client, priced_material, factories.UserFactory(verified=False))

    assert [state for state, _text in path_of(html)] == ["done", "current", "to come", "to come", "to come"]


@pytest.mark.django_db
def test_an_external_user_who_has_not_asked_is_at_the_request(client, user, priced_material):
    html = page_html(client, priced_material, user)

    assert [state for state, _text in path_of(html)] == ["done", "done", "current", "to come", "to come"]
    assert f'href="/es/account/authorisation/?item={priced_material.pk}"' in html


@pytest.mark.django_db
def test_a_user_waiting_for_a_decision_is_at_the_decision(client, user, priced_material):
    request_for(user)

    html = page_html(client, priced_material, user)

    assert path_of(html)[3] == ("current", "Una persona coordinadora decide, normalmente en 5 días")
    assert [state for state, _text in path_of(html)] == ["done", "done", "done", "current", "to come"]


@pytest.mark.django_db
def test_an_authorised_user_has_only_the_payment_left(client, user, priced_material):
    request_for(user, AccessRequest.Status.APPROVED)

    html = page_html(client, priced_material, user)

    assert path_of(html)[3:] == [("done", "Su autorización fue aprobada"), ("current", "Pague 12,00 USD")]
    assert [state for state, _text in path_of(html)] == ["done", "done", "done", "done", "current"]
    assert f'action="/es/payments/buy/{priced_material.pk}/"' in html


@pytest.mark.django_db
def test_an_unpriced_authorised_item_ends_with_the_decision(client, tree):
    material = factories.MaterialPageFactory(parent=tree.materials, access_level=AccessLevel.AUTHORISED)
    factories.add_file(material)

    steps = path_of(page_html(client, material))

    assert [text for _state, text in steps][-1].startswith("Una persona coordinadora decide")
    assert len(steps) == 4


@pytest.mark.django_db
def test_a_members_only_item_tells_an_external_user_it_is_not_for_them_and_why(
    client, user, members_material
):
    html = page_html(client, members_material, user)

    notice = html.split('class="lock-notice"', 1)[1]
    assert "No disponible para usted" in notice
    assert "Solo para miembros de las organizaciones de la Red." in notice
    assert path_of(html) == [
        ("done", "Cree una cuenta"),
        ("done", "Confirme su dirección de correo electrónico"),
        ("current", "Vincule su cuenta a su organización socia de la Red"),
    ]


@pytest.mark.django_db
def test_the_path_is_in_portuguese_on_the_portuguese_page(client, locales, priced_material):
    portuguese = priced_material.copy_for_translation(locales["pt"], copy_parents=True)
    portuguese.save_revision().publish()

    html = client.get(portuguese.url).content.decode()

    portuguese_states = {"Concluído": "done", "Etapa atual": "current", "A seguir": "to come"}
    assert path_of(html, portuguese_states)[0] == ("current", "Crie uma conta")
    assert "Pague USD 12,00" in html and "normalmente em 5 dias" in html


# --- what the reader already has -------------------------------------------------------------------------


def entitle(user, item, source):
    entitlement = services.entitlement_grant(user=user, item=item, by=None, source=source)
    Entitlement.objects.filter(pk=entitlement.pk).update(
        created_at=timezone.make_aware(datetime(2026, 12, 6, 15, 30))
    )
    return entitlement


@pytest.mark.django_db
def test_a_bought_item_says_when_it_was_bought_and_offers_the_download_without_a_price(
    client, user, priced_material
):
    request_for(user, AccessRequest.Status.APPROVED)
    entitle(user, priced_material, Entitlement.Source.PURCHASE)

    html = page_html(client, priced_material, user)

    held = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('class="held"', 1)[1].split("</p>", 1)[0]))
    assert "Comprado el 6 de diciembre de 2026" in held and "Descargar" in held
    assert f'href="/es/download/{priced_material.files.get().pk}/"' in html.split('class="held"', 1)[1]
    assert "12,00" not in html and "12.00" not in html
    assert "buy-form" not in html and 'class="lock-notice"' not in html


@pytest.mark.django_db
def test_a_granted_item_says_it_was_granted(client, user, priced_material):
    entitle(user, priced_material, Entitlement.Source.GRANT)

    html = page_html(client, priced_material, user)

    assert "Concedido el 6 de diciembre de 2026" in html
    assert "12,00" not in html and "buy-form" not in html


@pytest.mark.django_db
def test_a_bought_course_says_when_it_was_bought(client, user, tree):
    course = factories.CoursePageFactory(
        parent=tree.courses, access_level=AccessLevel.AUTHORISED, price=Decimal("30.00")
    )
    factories.LessonPageFactory(parent=course)
    request_for(user, AccessRequest.Status.APPROVED)
    entitle(user, course, Entitlement.Source.PURCHASE)

    html = page_html(client, course, user)

    assert "Comprado el 6 de diciembre de 2026" in html and "30,00" not in html


@pytest.mark.django_db
def test_the_price_still_shows_to_someone_who_has_not_bought_it(client, user, priced_material):
    buyer = factories.UserFactory()
    request_for(buyer, AccessRequest.Status.APPROVED)
    entitle(buyer, priced_material, Entitlement.Source.PURCHASE)
    page_html(client, priced_material, buyer)  # the buyer's page first: nothing of it may stay for others
    client.logout()
    request_for(user, AccessRequest.Status.APPROVED)

    html = page_html(client, priced_material, user)

    assert "Comprado" not in html and "12,00 USD" in html
