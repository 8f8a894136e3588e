"""The Stripe resources the stand-in implements, one module each, with the operations that change them.

- checkout_sessions: create, retrieve, expire; paid on the hosted page; expired when their time is up;
- payment_intents: the PaymentIntent and Charge a paid session leaves behind;
- refunds: money given back against a Charge;
- disputes: a Charge disputed by its cardholder (the 0259 card), the bank's decision, the merchant's answer;
- fraud_warnings: Radar's early fraud warnings (the 5423 card), no longer actionable once refunded;
- webhook_endpoints: where events go, which types, in which API version;
- invoices: the invoice Checkout makes after payment, and the session options it needs (tax IDs).

Every API operation is a function `operation(state, *ids from the path, params, ctx)` over the objects
in state.py, raising errors.ApiError for Stripe's error answers; routing.py names each one next to its
address. Nothing here knows HTTP.
"""
