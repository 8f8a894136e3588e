"""`/pay/<session id>`: the hosted test checkout page, served and submitted (the HTML is page.py's).

GET shows the open session's order and card form (and the currency's delayed method, when there is one),
or says plainly that it is paid, expired or unknown. POST checks the card: a test card that pays (4242,
5126) pays the session (its `checkout.session.completed` webhook is delivered before the browser is
redirected, so the portal's success page already knows about it), the declined card and mistakes show the
form again with what to fix. POST `method=delayed` completes the session unpaid with the delayed method,
and redirects the same way.
"""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl

from ..delayed_method_page import delayed_method_offer
from ..errors import ApiError
from ..page import check_payment, checkout_page, language, message_page
from ..resources.checkout_sessions import complete, hosted_view
from ..resources.delayed_payments import complete_unpaid
from ..resources.payment_methods import delayed_method


def show(request, session_id):
    view = _view(request, session_id)
    if view is None or view[0]["status"] != "open":
        return _closed_page(request, view and view[0], 200)
    session, line_items = view
    lang = _language(request, session)
    request.answer_html(200, checkout_page(session, line_items, lang, alternatives=_offers(session, lang)))


def pay(request, session_id):
    view = _view(request, session_id)
    if view is None or view[0]["status"] != "open":
        return _closed_page(request, view and view[0], 404 if view is None else 409)
    session, line_items = view
    lang = _language(request, session)
    form = dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))
    standin = request.standin
    if form.get("method") == "delayed" and _offers(session, lang):
        payment = functools.partial(complete_unpaid, standin.state, session_id)
    else:
        attempt = check_payment(
            form,
            needs_email=not session.get("customer_email"),
            collects_tax_id=bool((session.get("tax_id_collection") or {}).get("enabled")),
        )
        if attempt.outcome != "succeeded":
            status = 402 if attempt.outcome == "declined" else 400
            page = checkout_page(session, line_items, lang, attempt, alternatives=_offers(session, lang))
            return request.answer_html(status, page)
        payment = functools.partial(
            complete,
            standin.state,
            session_id,
            email=attempt.values["email"] or None,
            exp_month=attempt.exp_month,
            exp_year=attempt.exp_year,
            card=attempt.card,
            customer=attempt.customer,
        )
    try:
        session = standin.apply(payment, "now")
    except ApiError:  # paid or expired by another request meanwhile
        return _closed_page(request, _view(request, session_id)[0], 409)
    if session.get("success_url"):
        return request.redirect(_success_url(session))
    request.answer_html(200, message_page(lang, "paid_title", "paid_no_return"))


def _offers(session: dict, lang: str) -> str:
    """The other ways to pay this session: its currency's delayed method, when the portal gave the buyer's
    e-mail (a voucher is sent there; the card form asks for one, this button does not)."""
    method = delayed_method(session)
    if method is None or not session.get("customer_email"):
        return ""
    return delayed_method_offer(session["id"], method[1], lang)


def _language(request, session: dict | None) -> str:
    return language(session and session.get("locale"), request.headers.get("Accept-Language"))


def _view(request, session_id: str):
    standin = request.standin
    # Through `apply`: a session found past its time expires here, and that event must go out too.
    return standin.apply(lambda: hosted_view(standin.state, session_id))


def _closed_page(request, session: dict | None, status: int):
    """Not found, already paid or expired: say so, with the way back the portal gave."""
    lang = _language(request, session)
    if session is None:
        html = message_page(lang, "not_found_title", "not_found")
        return request.answer_html(404, html)
    if session["status"] == "complete":
        html = message_page(lang, "paid_title", "paid", (_success_url(session), "continue"))
    else:
        html = message_page(lang, "expired_title", "expired", (session.get("cancel_url"), "back"))
    request.answer_html(status, html)


def _success_url(session: dict) -> str | None:
    url = session.get("success_url")
    return url.replace("{CHECKOUT_SESSION_ID}", session["id"]) if url else None
