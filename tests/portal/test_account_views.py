"""The user's own pages: the account, asking for authorisation from a locked item, linking an organisation."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from courses.access.services import entitlement_grant
from courses.models import AccessLevel
from portal import services
from portal.models import AccessRequest, Membership, Organisation

from .. import factories

REQUEST_URL = "/en/account/authorisation/"
ACCOUNT_URL = "/en/account/"
ORGANISATION_URL = "/en/account/organisation/"
REQUEST = {
    "organisation": "Fondo Solidario",
    "country": "EC",
    "role": "Asesora técnica",
    "purpose": "Capacitar a las cooperativas que acompañamos.",
    "accepted_terms": "on",
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def authorised_material(tree):
    material = factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de certificación", access_level=AccessLevel.AUTHORISED
    )
    factories.add_file(material, "manual.pdf")
    return material


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def ask(user, **fields):
    return services.access_request_create(user=user, **{**REQUEST, "accepted_terms": True, **fields})


@pytest.mark.django_db
def test_a_request_from_a_locked_item_remembers_it_and_returns_to_it(signed_in, user, authorised_material):
    url = f"{REQUEST_URL}?item={authorised_material.pk}"
    assert "Manual de certificación" in signed_in.get(url).content.decode()

    response = signed_in.post(url, REQUEST)

    assert response.status_code == 302
    assert response["Location"] == authorised_material.url
    access_request = AccessRequest.objects.get(user=user)
    assert access_request.status == AccessRequest.Status.PENDING
    assert access_request.requested_page_id == authorised_material.pk
    assert (access_request.organisation, access_request.country) == ("Fondo Solidario", "EC")
    item_html = signed_in.get(response["Location"]).content.decode()
    assert "Your request has been sent" in item_html
    assert 'href="/es/account/#authorisation"' in item_html  # the locked item now says: wait for a decision


@pytest.mark.django_db
def test_a_request_from_the_account_page_returns_to_it(signed_in, user):
    response = signed_in.post(REQUEST_URL, REQUEST)
    assert response.status_code == 302 and response["Location"] == ACCOUNT_URL
    assert AccessRequest.objects.get(user=user).requested_page is None
    assert "Your request of" in signed_in.get(ACCOUNT_URL).content.decode()


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(signed_in):
    response = signed_in.post(REQUEST_URL, {**REQUEST, "purpose": "", "accepted_terms": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Fondo Solidario"' in html and 'value="Asesora técnica"' in html
    assert "This field is required." in html
    assert "Please accept the portal&#x27;s terms to send your request." in html
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
def test_a_second_open_request_is_refused_with_the_services_message(signed_in, user):
    ask(user)
    assert "is waiting for a decision" in signed_in.get(REQUEST_URL).content.decode()

    response = signed_in.post(REQUEST_URL, {**REQUEST, "organisation": "Otra"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "You already have a request waiting for a decision." in html
    assert 'value="Otra"' in html
    assert AccessRequest.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_asking_again_after_a_rejection_keeps_the_history(signed_in, user):
    _decided(user, AccessRequest.Status.REJECTED, reason="Falta información.")
    assert signed_in.post(REQUEST_URL, REQUEST).status_code == 302
    assert list(AccessRequest.objects.filter(user=user).values_list("status", flat=True)) == [
        AccessRequest.Status.PENDING,
        AccessRequest.Status.REJECTED,
    ]


def _not_a_gated_item(tree, material):
    return {
        "unknown id": "987654",
        "home page": str(tree.home.pk),
        "material index": str(tree.materials.pk),
        "text": "abc",
        "negative": "-1",
        "other digits": "²",
        "expression": str(material.pk) + " OR 1=1",
        "beyond the column": "99999999999",
        "huge": "9" * 30,
        "lesson": str(
            factories.LessonPageFactory(parent=factories.CoursePageFactory(parent=tree.courses)).pk
        ),
        "draft": str(factories.MaterialPageFactory(parent=tree.materials, live=False).pk),
    }


@pytest.mark.django_db
def test_a_forged_item_is_ignored(signed_in, user, tree, authorised_material):
    for label, value in _not_a_gated_item(tree, authorised_material).items():
        AccessRequest.objects.all().delete()
        url = f"{REQUEST_URL}?item={value}"
        page = signed_in.get(url)
        assert page.status_code == 200, label
        assert "You are asking from" not in page.content.decode(), label
        response = signed_in.post(url, REQUEST)
        assert response["Location"] == ACCOUNT_URL, label
        assert AccessRequest.objects.get(user=user).requested_page is None, label


@pytest.mark.django_db
@pytest.mark.parametrize("url", [REQUEST_URL, ORGANISATION_URL])
def test_an_unverified_user_is_sent_to_confirm_the_e_mail(client, url):
    client.force_login(factories.UserFactory(verified=False))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/en/accounts/email/"
    assert client.post(url, REQUEST).status_code == 302
    assert not AccessRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ACCOUNT_URL, REQUEST_URL, ORGANISATION_URL])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_log_in_does_not_redirect_off_site(client, user, target):
    response = client.post(
        f"/es/accounts/login/?next={target}", {"login": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc in ("", "testserver")
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_log_in_returns_to_a_local_next(client, user, authorised_material):
    response = client.post(
        f"/es/accounts/login/?next={authorised_material.url}",
        {"login": user.email, "password": factories.PASSWORD},
    )
    assert response["Location"] == authorised_material.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"), [(REQUEST_URL, REQUEST), (ORGANISATION_URL, {"organisation": "1"}), (ACCOUNT_URL, {})]
)
def test_a_form_posted_without_csrf_token_is_refused(user, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    factories.OrganisationFactory(pk=1)
    response = client.post(url, data)
    assert response.status_code == 403
    assert not AccessRequest.objects.exists() and not Membership.objects.exists()


def _decided(user, status, **fields):
    """A request and its decision as the admin leaves them (the admin side has its own tests)."""
    access_request = ask(user)
    AccessRequest.objects.filter(pk=access_request.pk).update(
        status=status, decided_at=timezone.now(), **fields
    )


def _state(name, user):
    today = timezone.localdate()
    approved, rejected, revoked = (
        AccessRequest.Status.APPROVED,
        AccessRequest.Status.REJECTED,
        AccessRequest.Status.REVOKED,
    )
    if name == "pending":
        ask(user)
    elif name == "approved":
        _decided(user, approved, expires_at=today + datetime.timedelta(days=30))
    elif name == "approved without end":
        _decided(user, approved)
    elif name == "expired":
        _decided(user, approved, expires_at=today - datetime.timedelta(days=1))
    elif name == "rejected":
        _decided(user, rejected, reason="No trabaja con OPP.")
    elif name == "revoked":
        _decided(user, revoked, reason="Uso indebido.")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "says"),
    [
        ("none", ["You have not asked for authorisation.", 'href="/en/account/authorisation/"']),
        ("pending", ["is waiting for a decision", "Waiting for a decision"]),
        ("approved", ["You are authorised until", "Approved"]),
        ("approved without end", ["You are authorised."]),
        ("expired", ["Your authorisation expired on", "Expired", "Ask again"]),
        ("rejected", ["Your last request was not approved.", "No trabaja con OPP.", "Ask again"]),
        ("revoked", ["Your authorisation has been revoked.", "Uso indebido.", "Ask again"]),
    ],
)
def test_the_account_page_shows_the_authorisation_status(signed_in, user, state, says):
    _state(state, user)
    response = signed_in.get(ACCOUNT_URL)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert user.email in html and 'href="/en/accounts/email/"' in html
    for text in says:
        assert text in html, text


@pytest.mark.django_db
def test_the_account_page_shows_memberships_and_granted_items(signed_in, user, authorised_material):
    Membership.objects.create(user=user, organisation=factories.OrganisationFactory(name="Coop Norte"))
    factories.MembershipFactory(user=user, organisation=factories.OrganisationFactory(name="Coop Sur"))
    entitlement_grant(user=user, item=authorised_material, by=None)

    html = signed_in.get(ACCOUNT_URL).content.decode()

    assert "Coop Norte" in html and "Waiting for a coordinator to confirm" in html
    assert "Coop Sur" in html and "Confirmed member" in html
    assert "As a confirmed member of the network" in html and "You have not asked" not in html
    assert f'href="{authorised_material.url}">Manual de certificación</a>' in html


@pytest.mark.django_db
def test_the_account_page_saves_name_and_language(signed_in, user):
    response = signed_in.post(ACCOUNT_URL, {"full_name": "Ana Quispe", "language": "pt"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Ana Quispe", "pt")
    assert signed_in.post(ACCOUNT_URL, {"full_name": "", "language": "pt"}).status_code == 200


@pytest.mark.django_db
def test_the_header_links_to_my_account(signed_in, tree):
    assert 'href="/es/account/"' in signed_in.get(tree.home.url).content.decode()


@pytest.mark.django_db
def test_linking_an_organisation_waits_for_a_coordinator(signed_in, user):
    active = factories.OrganisationFactory(name="Coop Activa")
    lapsed = factories.OrganisationFactory(name="Coop Caducada", status=Organisation.Status.LAPSED)
    form_html = signed_in.get(ORGANISATION_URL).content.decode()
    assert "Coop Activa" in form_html and "Coop Caducada" not in form_html

    response = signed_in.post(ORGANISATION_URL, {"organisation": active.pk}, follow=True)

    assert "waiting for a coordinator to confirm" in response.content.decode()
    membership = Membership.objects.get(user=user)
    assert membership.organisation == active and not membership.verified
    refused = signed_in.post(ORGANISATION_URL, {"organisation": lapsed.pk})
    assert refused.status_code == 200 and Membership.objects.filter(user=user).count() == 1
