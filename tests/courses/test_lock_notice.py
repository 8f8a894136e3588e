"""A locked item shows the user's next step as a call to action, and never its files."""

from decimal import Decimal
from urllib.parse import quote

import pytest

from courses.models import AccessLevel
from portal.models import AccessRequest

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
        user=user, organisation="ONG", country="PE", role="Asesor", purpose="Formar", status=status
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
    assert "Le enviaremos la decisión por correo" in html and 'href="/es/account/#authorisation"' in html
    assert "/account/authorisation/" not in html


@pytest.mark.django_db
def test_a_priced_item_shows_its_price_and_a_buy_button_to_an_authorised_user(
    client, user, authorised_material
):
    authorised_material.price = Decimal("12.50")
    authorised_material.save_revision().publish()
    request_for(user, AccessRequest.Status.APPROVED)

    html = html_of(client, authorised_material, user)

    notice = html.split('class="lock-notice"')[1]
    assert "12,50 USD" in notice
    assert f'action="/es/payments/buy/{authorised_material.pk}/"' in notice and 'method="post"' in notice
    assert 'name="csrfmiddlewaretoken"' in notice


@pytest.mark.django_db
def test_members_only_explains_how_to_link_an_organisation(client, user, members_material):
    html = html_of(client, members_material, user)
    assert 'href="/es/account/organisation/"' in html
    assert "/account/authorisation/" not in html
