"""`/_standin/...`: TEST-ONLY controls with no Stripe equivalent, and the index page at `/`.

No auth: the stand-in binds to loopback and holds only test data. Tests and the demo use them to see the
events sent (and their delivery), resend one, pay a session without the form (by card, or with a delayed
method that a later control succeeds or fails), and start from nothing.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from ..errors import ApiError


def events(request):
    wanted = dict(parse_qsl(request.query)).get("type")
    found = [event for event in request.standin.events if wanted in (None, event["type"])]
    request.answer_json(200, {"object": "list", "data": found, "has_more": False})


def resend(request, event_id):
    """`?endpoint=we_...` resends the copy that went to that webhook endpoint."""
    endpoint = dict(parse_qsl(request.query)).get("endpoint")
    _control(request, lambda: request.standin.resend(event_id, endpoint))


def complete(request, session_id):
    """`?method=delayed` pays with the session's delayed method: it completes unpaid (see settle)."""
    options = dict(parse_qsl(request.query)) | dict(parse_qsl(request.body.decode("utf-8", "replace")))
    send = options.get("send", "1").lower() not in ("0", "false", "no")
    delayed = options.get("method", "card") == "delayed"
    _control(
        request,
        lambda: request.standin.complete_session(
            session_id, send=send, email=options.get("email"), delayed=delayed
        ),
    )


def settle(request, session_id, outcome):
    """The delayed payment of a session completed unpaid: `succeed` or `fail`."""
    send = dict(parse_qsl(request.query)).get("send", "1").lower() not in ("0", "false", "no")
    _control(
        request,
        lambda: request.standin.settle_delayed_payment(session_id, succeeded=outcome == "succeed", send=send),
    )


def reset(request):
    request.standin.reset()
    request.answer_json(200, {"reset": True})


def index(request):
    text = (
        "Stripe stand-in (test only: nothing is charged).\n"
        f"API base: {request.standin.url} (Bearer secret key)\n"
        "Hosted checkout: /pay/<checkout session id>\n"
        "Test controls: GET /_standin/events, POST /_standin/events/<id>/resend,\n"
        "  POST /_standin/sessions/<id>/complete[?send=0][&method=delayed],\n"
        "  POST /_standin/sessions/<id>/delayed_payment/succeed (or /fail), POST /_standin/reset\n"
    )
    request.answer(200, text.encode(), "text/plain; charset=utf-8")


def _control(request, operation):
    try:
        request.answer_json(200, operation())
    except ApiError as exc:
        request.answer_json(exc.status, exc.body())
