"""`/_standin/...`: TEST-ONLY controls with no Stripe equivalent, and the index page at `/`.

No auth: the stand-in binds to loopback and holds only test data. Tests and the demo use them to see the
events sent (and their delivery), resend one, pay a session without the form (with any test card that
pays, or with a delayed method that a later control succeeds or fails), make a refund fail, dispute a
charge and decide the dispute, narrow the account's currencies, make API requests fail as in an outage,
and start from nothing.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from .. import billing_form
from ..errors import ApiError


def events(request):
    wanted = dict(parse_qsl(request.query)).get("type")
    found = [event for event in request.standin.events if wanted in (None, event["type"])]
    request.answer_json(200, {"object": "list", "data": found, "has_more": False})


def resend(request, event_id):
    """`?endpoint=we_...` resends the copy that went to that webhook endpoint."""
    endpoint = dict(parse_qsl(request.query)).get("endpoint")
    _control(request, lambda: request.standin.resend(event_id, endpoint))


def _options(request) -> dict:
    """The control's options, from its address or its form (either will do)."""
    return dict(parse_qsl(request.query)) | dict(parse_qsl(request.body.decode("utf-8", "replace")))


def complete(request, session_id):
    """`?method=delayed` pays with the session's delayed method: it completes unpaid (see settle)."""
    options = _options(request)
    send = options.get("send", "1").lower() not in ("0", "false", "no")
    delayed = options.get("method", "card") == "delayed"
    # An organisation's name and tax ID, as the hosted page's business fields give them (billing_form.py).
    customer = billing_form.customer(billing_form.values_of(options))
    if customer is not None and options.get("name"):
        customer["name"] = options["name"]
    _control(
        request,
        lambda: request.standin.complete_session(
            session_id,
            send=send,
            email=options.get("email"),
            card=options.get("card"),
            delayed=delayed,
            customer=customer,
        ),
    )


def settle(request, session_id, outcome):
    """The delayed payment of a session completed unpaid: `succeed` or `fail`."""
    send = dict(parse_qsl(request.query)).get("send", "1").lower() not in ("0", "false", "no")
    _control(
        request,
        lambda: request.standin.settle_delayed_payment(session_id, succeeded=outcome == "succeed", send=send),
    )


def fail_refund(request, refund_id):
    options = _options(request)
    send = options.get("send", "1").lower() not in ("0", "false", "no")
    _control(request, lambda: request.standin.fail_refund(refund_id, send=send))


def close_dispute(request, dispute_id):
    """`outcome=won` or `outcome=lost`: the bank's decision on an open dispute."""
    options = _options(request)
    send = options.get("send", "1").lower() not in ("0", "false", "no")
    outcome = options.get("outcome")
    if outcome not in ("won", "lost"):
        return request.answer_json(400, ApiError(400, "outcome must be won or lost", param="outcome").body())
    _control(request, lambda: request.standin.close_dispute(dispute_id, won=outcome == "won", send=send))


def dispute_charge(request, charge_id):
    """Dispute a paid charge as fraudulent now (as the 0259 card's charges are)."""
    send = _options(request).get("send", "1").lower() not in ("0", "false", "no")
    _control(request, lambda: request.standin.dispute_charge(charge_id, send=send))


def account(request):
    """`currencies=usd,brl`: the only currencies the account may charge in; empty: every one again."""
    listed = [code.strip().lower() for code in _options(request).get("currencies", "").split(",")]
    currencies = [code for code in listed if code]
    _control(request, lambda: request.standin.account_currencies(currencies or None))


def outage(request):
    """`path=<regular expression>&times=<n>`: the next n API requests to a matching path fail with 500."""
    options = _options(request)
    path, times = options.get("path", ".*"), options.get("times", "1")
    try:
        re.compile(path)
    except re.error:
        return request.answer_json(400, ApiError(400, "path is not a regular expression").body())
    if not times.isdigit():
        return request.answer_json(400, ApiError(400, "times must be a number").body())
    _control(request, lambda: request.standin.outage(path, int(times)))


def reset(request):
    request.standin.reset()
    request.answer_json(200, {"reset": True})


def index(request):
    text = (
        "Stripe stand-in (test only: nothing is charged).\n"
        f"API base: {request.standin.url} (Bearer secret key)\n"
        "Hosted checkout: /pay/<checkout session id>\n"
        "Test controls: GET /_standin/events, POST /_standin/events/<id>/resend,\n"
        "  POST /_standin/sessions/<id>/complete[?send=0&card=...][&method=delayed]\n"
        "    (card=4000000000005126: refunds fail later; 4000000000000259: disputed as fraudulent;\n"
        "    4000000000005423: early fraud warning)\n"
        "    [&business_name=...&tax_id_type=pe_ruc&tax_id=...],\n"
        "  POST /_standin/sessions/<id>/delayed_payment/succeed (or /fail),\n"
        "  POST /_standin/refunds/<id>/fail,\n"
        "  POST /_standin/charges/<id>/dispute, POST /_standin/disputes/<id>/close?outcome=won|lost,\n"
        "  POST /_standin/account (currencies=...), POST /_standin/outage (path=...&times=...),\n"
        "  POST /_standin/reset\n"
    )
    request.answer(200, text.encode(), "text/plain; charset=utf-8")


def _control(request, operation):
    try:
        request.answer_json(200, operation())
    except ApiError as exc:
        request.answer_json(exc.status, exc.body())
