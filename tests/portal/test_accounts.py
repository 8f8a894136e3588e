"""Accounts: e-mail as login, sign-up with a verified address, throttled log-in attempts, password reset."""

import re
import time

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


# --- throttling without revealing who has an account -------------------------------------------------------
# portal/settings/accounts.py, ACCOUNT_RATE_LIMITS: failed log-ins 10 a minute per address and 5 in 5 minutes
# per e-mail; sign-ups 20 an hour per address. Behind the proxy, the address is the visitor's own (the last
# hop of X-Forwarded-For, ALLAUTH_TRUSTED_PROXY_COUNT in portal/settings/production.py), not the proxy's.

THROTTLED = "Too many failed login attempts"


def sign_up(client, email: str, language: str = "en", **extra):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "email": email,
            "password1": "Cafe-de-altura-2026",
            "password2": "Cafe-de-altura-2026",
            "full_name": "Ana Quispe",
            "language": "es",
        },
        **extra,
    )


def failed_log_ins(client, email: str, attempts: int, address: str) -> list:
    return [
        client.post("/en/accounts/login/", {"login": email, "password": "wrong"}, REMOTE_ADDR=address)
        for _ in range(attempts)
    ]


def form_errors(response) -> list[str]:
    return [str(error) for error in response.context["form"].non_field_errors()]


@pytest.mark.django_db
def test_an_e_mail_without_an_account_is_throttled_exactly_like_one_with_an_account(client):
    UserFactory(email="maria@coop.example")

    known = failed_log_ins(client, "maria@coop.example", 6, "203.0.113.1")
    unknown = failed_log_ins(client, "nadie@coop.example", 6, "203.0.113.2")

    # The same answer, attempt by attempt: nothing tells whether the address has an account.
    assert [form_errors(response) for response in known] == [form_errors(response) for response in unknown]
    assert [response.status_code for response in known] == [response.status_code for response in unknown]
    assert all(THROTTLED not in " ".join(form_errors(response)) for response in known[:5])
    assert form_errors(known[5]) == ["Too many failed login attempts. Try again later."]
    assert "maria@coop.example" not in " ".join(form_errors(known[5]))


@pytest.mark.django_db
def test_failed_log_ins_from_one_address_are_throttled_after_ten_a_minute_whatever_the_e_mails(client):
    attempts = [
        client.post(
            "/en/accounts/login/",
            {"login": f"guess{n}@coop.example", "password": "x"},
            REMOTE_ADDR="198.51.100.9",
        )
        for n in range(11)
    ]
    assert all(THROTTLED not in " ".join(form_errors(response)) for response in attempts[:10])
    assert THROTTLED in " ".join(form_errors(attempts[10]))
    # Another address is not affected.
    other = failed_log_ins(client, "guess0@coop.example", 1, "198.51.100.10")[0]
    assert THROTTLED not in " ".join(form_errors(other))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"), [("es", "Demasiados intentos"), ("pt", "Muitas tentativas")]
)
def test_the_throttle_message_is_in_the_visitors_language(client, language, message):
    # Brazilian Portuguese ("Muitas tentativas"), not Portugal's ("Demasiadas tentativas").
    for _ in range(6):
        response = client.post(f"/{language}/accounts/login/", {"login": "ana@coop.example", "password": "x"})
    assert message in " ".join(form_errors(response))


@pytest.mark.django_db
def test_sign_up_for_an_existing_e_mail_looks_the_same_as_for_a_new_one_and_tells_only_its_owner(client):
    owner = UserFactory(email="maria@coop.example")
    mail.outbox.clear()

    existing = sign_up(client, "maria@coop.example", REMOTE_ADDR="203.0.113.5")
    new = sign_up(client.__class__(), "rosa@coop.example", REMOTE_ADDR="203.0.113.6")

    assert existing.status_code == new.status_code == 302
    assert existing["Location"] == new["Location"] == "/en/accounts/confirm-email/"
    assert User.objects.filter(email="maria@coop.example").get() == owner  # no second account
    assert User.objects.filter(email="rosa@coop.example").exists()
    # Each address gets one e-mail: the newcomer a confirmation link, the owner a note that it already has an
    # account; only the owner's inbox tells, never the page.
    assert sorted(message.to[0] for message in mail.outbox) == ["maria@coop.example", "rosa@coop.example"]
    owners_mail = next(message for message in mail.outbox if message.to == ["maria@coop.example"])
    assert "already" in owners_mail.body.lower()


@pytest.fixture
def clock(monkeypatch):
    """The rate limits' clock (allauth's), moved forward by hand."""
    from types import SimpleNamespace

    from allauth.core.internal import ratelimit

    offset = [0.0]
    moved = SimpleNamespace(time=lambda: time.time() + offset[0], monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", moved)
    return offset


@pytest.mark.django_db
def test_sign_up_is_throttled_after_twenty_an_hour_from_one_address_with_a_clear_page(client, clock):
    address = "203.0.113.20"
    responses = [
        sign_up(client.__class__(), f"socia{n}@coop.example", REMOTE_ADDR=address) for n in range(21)
    ]

    assert [response.status_code for response in responses[:20]] == [302] * 20
    refused = responses[20]
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "<h1>Too many attempts</h1>" in html and "Wait a while and try again." in html
    assert '<html lang="en"' in html  # the portal's own page (templates/429.html), not a bare one
    assert not User.objects.filter(email="socia20@coop.example").exists()
    # Another visitor is not affected.
    assert sign_up(client.__class__(), "otra@coop.example", REMOTE_ADDR="203.0.113.21").status_code == 302
    # The window is an hour: still refused 59 minutes later, open again after the hour.
    clock[0] = 59 * 60
    assert sign_up(client.__class__(), "socia20@coop.example", REMOTE_ADDR=address).status_code == 429
    clock[0] = 61 * 60
    assert sign_up(client.__class__(), "socia20@coop.example", REMOTE_ADDR=address).status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_has_their_own_sign_up_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # as portal/settings/production.py, behind nginx

    def via_proxy(email: str, visitor: str):
        return sign_up(client.__class__(), email, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=visitor)

    first = [via_proxy(f"socia{n}@coop.example", "198.51.100.1").status_code for n in range(21)]
    assert first == [302] * 20 + [429]
    assert via_proxy("otra@coop.example", "198.51.100.2").status_code == 302
    # A forged X-Forwarded-For in front of the proxy's own hop does not escape the limit.
    forged = via_proxy("falsa@coop.example", "10.0.0.1, 198.51.100.1")
    assert forged.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("es", "Demasiados intentos", "Espere un rato y vuelva a intentarlo."),
        ("en", "Too many attempts", "Wait a while and try again."),
        ("pt", "Tentativas demais", "Espere um pouco e tente novamente."),
    ],
)
def test_the_sign_up_throttle_page_speaks_the_visitors_language(client, language, title, advice):
    for n in range(21):
        response = sign_up(client.__class__(), f"s{n}@coop.example", language, REMOTE_ADDR="203.0.113.30")
    assert response.status_code == 429
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and f"<h1>{title}</h1>" in html and advice in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en", "pt"])
def test_signing_in_and_out_stays_in_the_language_of_the_page(client, language):
    UserFactory(email="maria@coop.example")
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}

    signed_in = client.post(
        f"/{language}/accounts/login/",
        {"login": "maria@coop.example", "password": PASSWORD},
        **english_browser,
    )
    signed_out = client.post(f"/{language}/accounts/logout/", **english_browser)

    assert signed_in.status_code == 302 and signed_in["Location"] == f"/{language}/"
    assert signed_out.status_code == 302 and signed_out["Location"] == f"/{language}/"
