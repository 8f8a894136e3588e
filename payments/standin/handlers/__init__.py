"""The stand-in's HTTP handlers, by group of addresses; routing.py lists which address each one answers.

- api: what wraps every `/v1/...` resource operation (Bearer auth, Stripe's form parameters,
  idempotency, Stripe's JSON answers and errors); the operations themselves live in resources/;
- hosted_page: `/pay/<session id>`, the test checkout page a buyer is sent to;
- hosted_invoice: `/invoice/<invoice id>[/pdf]`, where an invoice's links lead;
- controls: `/_standin/...`, TEST-ONLY controls with no Stripe equivalent, and the index at `/`.

A handler is `handler(request, *ids from the path)`, where `request` is the routing.RequestHandler
answering (its `standin`, `headers`, `query`, `body` and `answer_*` methods); it is passed in rather than
imported, so that nothing here imports the routing that imports it.
"""
