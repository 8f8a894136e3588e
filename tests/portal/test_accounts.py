"""Accounts: e-mail as login, sign-up with a verified address, throttled log-in attempts, password reset."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from portal.models import User

from ..factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def link_in_last_mail():
    return re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_sign_up_requires_confirming_the_e_mail_then_logs_in(client):
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": "ana@coop.example",
            "password1": "Cafe-de-altura-2026",
            "password2": "Cafe-de-altura-2026",
            "full_name": "Ana Quispe",
            "language": "pt",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ana@coop.example")
    assert (user.full_name, user.language) == ("Ana Quispe", "pt")
    assert not client.get("/es/accounts/email/").wsgi_request.user.is_authenticated

    confirm_url = link_in_last_mail()
    client.post(confirm_url)

    assert user.emailaddress_set.get().verified
    assert client.get("/es/accounts/email/").wsgi_request.user == user


@pytest.mark.django_db
def test_sign_up_errors_keep_what_was_typed(client):
    response = client.post(
        "/es/accounts/signup/",
        {
            "email": "ana@coop.example",
            "password1": "short",
            "password2": "different",
            "full_name": "Ana Quispe",
            "language": "es",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="ana@coop.example"' in html and 'value="Ana Quispe"' in html
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_log_in_with_e_mail_and_password(client):
    user = UserFactory(email="maria@coop.example")
    response = client.post("/es/accounts/login/", {"login": "maria@coop.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/es/accounts/email/").wsgi_request.user == user


@pytest.mark.django_db
def test_repeated_failed_log_ins_are_throttled(client):
    UserFactory(email="maria@coop.example")

    def log_in(password):
        return client.post("/en/accounts/login/", {"login": "maria@coop.example", "password": password})

    first_attempts = [log_in("wrong").content.decode() for _ in range(5)]
    assert all("Too many failed login attempts" not in html for html in first_attempts)
    assert "Too many failed login attempts" in log_in("wrong").content.decode()
    # Even the right password is refused while the account is throttled.
    throttled = log_in(PASSWORD)
    assert "Too many failed login attempts" in throttled.content.decode()
    assert not throttled.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_password_reset_does_not_reveal_whether_an_address_exists(client):
    UserFactory(email="maria@coop.example")
    known = client.post("/es/accounts/password/reset/", {"email": "maria@coop.example"})
    unknown = client.post("/es/accounts/password/reset/", {"email": "nobody@coop.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 2
    assert "maria@coop.example" in mail.outbox[0].to
