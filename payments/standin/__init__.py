"""A small local stand-in for the part of Stripe the portal uses, for tests and the demo.

Stripe offers no local fake of Checkout Sessions (stripe-mock answers canned fixtures, with no state and
no webhooks), yet the purchase flow can only be shown and tested end to end with them: create a session,
send the buyer to a hosted page, get a signed `checkout.session.completed` webhook, refund later. This
package implements exactly that subset over HTTP, for the real `stripe` SDK pointed at it with
`base_addresses={"api": ...}`:

- POST /v1/checkout/sessions, GET /v1/checkout/sessions/<id>, POST /v1/checkout/sessions/<id>/expire,
  POST /v1/refunds, GET /v1/payment_intents/<id>, GET /v1/charges/<id>, disputes (retrieve, list, update,
  close), early fraud warnings (retrieve, list), and webhook endpoints (create, retrieve, update, list),
  each endpoint getting its event types in its own API version;
- GET/POST /pay/<id>: a hosted test checkout page (4242 4242 4242 4242 pays, 4000 0000 0000 0002 is
  declined, a delayed method completes the session unpaid) that posts signed webhooks to the portal and
  redirects to the session's success_url;
- /_standin/...: test-only controls (events sent, resend, complete without the form, a delayed payment
  succeeded or failed, a charge disputed, a dispute won or lost, reset).

Standard library only, state in memory; it imports neither Django nor stripe, so it runs on its own:
`python -m payments.standin --port 12111` (see __main__.py), or `StripeStandin(...).start()` in tests.

Layers, each importing only those below it: server.py (`StripeStandin`: threads, life cycle) ->
routing.py (address -> handler) -> handlers/ (API wrapper, hosted page, test controls) -> resources/
(one module per Stripe resource) -> state.py (the objects in memory, events outbox, idempotency) ->
events.py, params.py, page.py, decode.py -> errors.py, ids.py.
"""

from .server import DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET, StripeStandin

__all__ = ["DEFAULT_SECRET_KEY", "DEFAULT_WEBHOOK_SECRET", "StripeStandin"]
