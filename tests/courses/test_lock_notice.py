"""A locked item shows the user's next step as a call to action, and never its files."""

from decimal import Decimal
from urllib.parse import quote

import pytest

from courses.models import AccessLevel
from portal.models import AccessRequest, PortalSettings

from .. import factories


@pytest.fixture
def authorised_material(tree):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de certificación", access_level=AccessLevel.AUTHORISED
    )
    factories.add_file(material, "manual.pdf")
    return material


def request_for(user, status=AccessRequest.Status.PENDING):
    return AccessRequest.objects.create(
        user=user, organisation="ONG", country="Perú", role="Asesor", purpose="Formar", status=status
    )


def html_of(client, page, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="lock-notice"' in html and "/download/" not in html
    return html


@pytest.mark.django_db
def test_anonymous_visitors_are_asked_to_log_in_or_sign_up_and_come_back(client, authorised_material):
    html = html_of(client, authorised_material)
    next_here = quote(authorised_material.url)
    assert f'href="/es/accounts/login/?next={next_here}"' in html
    assert f'href="/es/accounts/signup/?next={next_here}"' in html


@pytest.mark.django_db
def test_an_unconfirmed_address_is_sent_to_confirm_it(client, authorised_material):
    html = html_of(client, authorised_material, factories.UserFactory(verified=False))
    assert 'href="/es/accounts/email/"' in html


@pytest.mark.django_db
def test_an_external_user_is_asked_to_request_authorisation_for_this_item(client, user, authorised_material):
    html = html_of(client, authorised_material, user)
    assert f'href="/es/account/authorisation/?item={authorised_material.pk}"' in html


@pytest.mark.django_db
def test_a_lesson_asks_authorisation_for_its_course(client, user, tree):
    course = factories.CoursePageFactory(parent=tree.courses, access_level=AccessLevel.AUTHORISED)
    lesson = factories.LessonPageFactory(parent=course)
    html = html_of(client, lesson, user)
    assert f'href="/es/account/authorisation/?item={course.pk}"' in html


@pytest.mark.django_db
def test_a_pending_request_says_we_will_e_mail(client, user, authorised_material):
    request_for(user)
    html = html_of(client, authorised_material, user)
    assert "Te enviaremos la decisión por correo" in html and 'href="/es/account/#authorisation"' in html
    assert "/account/authorisation/" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("contact", ["ventas@clase.example", ""])
def test_a_priced_item_shows_its_price_and_how_to_buy_without_a_fake_checkout(
    client, user, authorised_material, contact
):
    PortalSettings.objects.update_or_create(defaults={"contact_email": contact})
    authorised_material.price = Decimal("12.50")
    authorised_material.save_revision().publish()
    request_for(user, AccessRequest.Status.APPROVED)

    html = html_of(client, authorised_material, user)

    assert "12,50 USD" in html and "Pronto podrás pagar con tarjeta en el portal." in html
    assert "<form" not in html.split('class="lock-notice"')[1]
    if contact:
        assert f'href="mailto:{contact}"' in html
    else:
        assert "escribe a la coordinación de la Red" in html


@pytest.mark.django_db
def test_members_only_explains_how_to_link_an_organisation(client, user, members_material):
    html = html_of(client, members_material, user)
    assert 'href="/es/account/organisation/"' in html
    assert "/account/authorisation/" not in html
