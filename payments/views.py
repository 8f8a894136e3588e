"""Buying: the Buy button's target, Stripe Checkout's return addresses, the buyer's purchases, the webhook.

The webhook is the project's only CSRF-exempt view: Stripe signs it instead, and the signature is checked on
the raw body before anything is read from it.
"""

import contextlib
import functools
import logging
from urllib.parse import unquote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from courses.access import policy as access
from courses.access import services as courses_services
from courses.catalogue.forms import AcceptTermsForm
from courses.models import CoursePage, MaterialPage

from . import billing, checkout, events, fulfilment, gateway, receipt_pdf, selectors
from .models import Order

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request):
    """Stripe's events: 400 for anything not signed by Stripe just now, 200 once processed and committed
    (or already processed before), 500 when processing failed, so that Stripe delivers the event again.

    An event rendered in another API version than the pinned one is refused with a 400 and stored nowhere:
    its objects may not have the shape the portal reads. Stripe keeps delivering it (for up to three days)
    and shows the failures in its Dashboard, while `stripe_webhook_endpoint` pins the endpoint's version;
    answering 200 instead would drop refunds and disputes without a word."""
    try:
        event = gateway.event_verify(payload=request.body, signature=request.headers.get("Stripe-Signature"))
    except gateway.EventVersionMismatch as refusal:
        logger.error(
            "Refused Stripe event %s (%s): rendered in API version %s, but the portal reads %s. Pin the "
            "endpoint's version with `manage.py stripe_webhook_endpoint --url %s`; Stripe delivers the "
            "event again until it is accepted.",
            refusal.event_id,
            refusal.event_type,
            refusal.api_version,
            gateway.API_VERSION,
            request.build_absolute_uri(),
        )
        return HttpResponseBadRequest(
            f"API version {refusal.api_version} is not {gateway.API_VERSION}", content_type="text/plain"
        )
    except gateway.InvalidSignature as error:
        logger.warning("Refused a webhook: %s", error)
        return HttpResponseBadRequest("invalid signature")
    try:
        events.event_receive(event=event)
    except Exception:
        logger.exception("Stripe event %s (%s) could not be processed", event.get("id"), event.get("type"))
        return HttpResponse("processing failed", status=500)
    return HttpResponse("ok")


def _back_to_item(request, item, message: str, level=messages.WARNING):
    messages.add_message(request, level, message)
    return redirect(item.get_url(request) or "/")


@never_cache
@login_required
@require_POST
def buy(request, page_id: int):
    """Open the buyer's order for the item and send them to Stripe Checkout (303: the next request is GET)."""
    item = get_object_or_404(Page.objects.live().type(CoursePage, MaterialPage), pk=page_id).specific
    success_url = (
        f"{request.build_absolute_uri(reverse('payments:success'))}?session_id={checkout.SESSION_ID}"
    )
    cancel_url = unquote(
        request.build_absolute_uri(reverse("payments:cancel", kwargs={"reference": checkout.ORDER_REFERENCE}))
    )
    start = functools.partial(
        checkout.checkout_start,
        user=request.user,
        item=item,
        language=request.LANGUAGE_CODE,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    try:
        try:
            order = start()
        except checkout.TermsNotAccepted as refusal:
            # The terms page posts its form here, so that accepting the terms goes on to pay in one round.
            refused = _accept_terms(request, item, refusal)
            if refused is not None:
                return refused
            order = start()
    except checkout.CheckoutRefused as refusal:
        return _back_to_item(request, item, refusal.message)
    except checkout.CheckoutUnavailable as unavailable:
        return _back_to_item(request, item, unavailable.message, messages.ERROR)
    if order.awaits_delayed_payment:
        messages.info(
            request,
            _("Your payment for %(item)s is on its way: you will have it as soon as it is confirmed.")
            % {"item": order.item_title},
        )
    elif order.status == Order.Status.PENDING and not order.checkout_url and order.stripe_session_id:
        # Its checkout was paid a moment ago (in another tab): the success page settles it and says so.
        return redirect(f"{reverse('payments:success')}?{urlencode({'session_id': order.stripe_session_id})}")
    if order.status != Order.Status.PENDING or not order.checkout_url:
        return redirect("payments:purchases")
    return HttpResponseRedirect(order.checkout_url, status=303)


def _accept_terms(request, item, refusal: checkout.TermsNotAccepted):
    """Record the acceptance the terms page posted with the purchase; or, when the Buy button was pressed
    (or the box left unticked, or the terms changed since they were shown), send the buyer to read them.
    Returns that redirection, or None once the acceptance is recorded."""
    shown = request.POST.get("licence")
    if shown is None:
        message = refusal.message
    elif shown != str(refusal.licence.pk):
        message = _("The terms of “%(licence)s” have just changed: please read them again.") % {
            "licence": refusal.licence
        }
    elif not (form := AcceptTermsForm(request.POST)).is_valid():
        message = form.errors["accept"][0]
    else:
        courses_services.licence_accept(user=request.user, item=item, language=request.LANGUAGE_CODE)
        return None
    messages.info(request, message)
    accept = reverse("courses:accept_terms", kwargs={"page_id": item.pk})
    return redirect(f"{accept}?{urlencode({'next': item.get_url(request)})}")


@never_cache
@login_required
@require_GET
def success(request):
    """Where Stripe sends the buyer back. Only the session id is read from the address, and only for an order
    of this buyer; what was paid is asked of Stripe, then settled exactly as the webhook would."""
    session_id = request.GET.get("session_id", "")
    order = (
        Order.objects.filter(buyer=request.user, stripe_session_id=session_id).select_related("item").first()
        if session_id
        else None
    )
    if order is None:
        response = render(request, "payments/success.html", {"order": None, "page_title": _("Payment")})
        response.status_code = 404
        return response
    # When Stripe is not answering, the webhook settles the order later; the page says it is being confirmed.
    with contextlib.suppress(gateway.GatewayError):
        order = fulfilment.order_settle(order=order)
    # The buyer's facts were read with their user, before the payment was settled (and its entitlement
    # granted) just now: ask the policy afresh.
    access.forget(request.user)
    links = selectors.item_links(order)
    item = order.item.specific if order.item is not None else None
    ready = bool(links.item_url) and item is not None and access.check(request.user, item).allowed
    return render(
        request,
        "payments/success.html",
        {"order": order, "links": links, "ready": ready, "page_title": _("Payment")},
    )


@never_cache
@login_required
@require_GET
def cancel(request, reference: str):
    """Where Stripe sends a buyer who turned back: nothing was charged; the order stays open."""
    order = get_object_or_404(Order.objects.select_related("item"), reference=reference, buyer=request.user)
    message = _("Payment cancelled: nothing was charged. You can buy %(item)s whenever you wish.") % {
        "item": order.item_title
    }
    if order.item is None or not order.item.live:
        messages.info(request, message)
        return redirect("payments:purchases")
    return _back_to_item(request, order.item.specific, message, messages.INFO)


@never_cache
@login_required
@require_GET
def purchases(request):
    return render(
        request,
        "payments/purchases.html",
        {"orders": selectors.orders_for(request.user), "page_title": _("My purchases")},
    )


def _paid_order(request, reference: str) -> Order:
    """The buyer's own paid order (whatever happened after): 404 for anyone else's, or one never paid."""
    return get_object_or_404(
        Order.objects.select_related("item", "licence", "buyer").filter(paid_at__isnull=False),
        reference=reference,
        buyer=request.user,
    )


@never_cache
@login_required
@require_GET
def receipt(request, reference: str):
    order = _paid_order(request, reference)
    return render(
        request,
        "payments/receipt.html",
        {
            "order": order,
            "links": selectors.item_links(order),
            "billed_to": billing.buyer_lines(order),
            "page_title": _("Receipt %(reference)s") % {"reference": order.reference},
        },
    )


@never_cache
@login_required
@require_GET
def receipt_download(request, reference: str):
    """The receipt as a PDF, in the language of the page it was asked from."""
    order = _paid_order(request, reference)
    language = request.LANGUAGE_CODE
    response = HttpResponse(receipt_pdf.render_pdf(order, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt_pdf.filename(order, language)}"'
    return response


@never_cache
@login_required
@require_GET
def invoice(request, reference: str, document: str = "page"):
    """Stripe's invoice for the order: its page, or its PDF. Stripe's links expire a month or so after the
    payment, so a fresh one is asked of Stripe each time and the buyer sent there."""
    order = _paid_order(request, reference)
    if not order.stripe_invoice_id:
        raise Http404("Stripe made no invoice for this order")
    try:
        found = gateway.invoice_retrieve(order.stripe_invoice_id)
    except gateway.GatewayError as error:
        logger.warning("Invoice %s of order %s: %s", order.stripe_invoice_id, order.reference, error)
        found = {}
    url = found.get("invoice_pdf" if document == "pdf" else "hosted_invoice_url")
    if not url:
        messages.error(
            request,
            _(
                "Stripe's invoice for order %(reference)s cannot be opened right now: please try again in a "
                "few minutes. The receipt is here meanwhile."
            )
            % {"reference": order.reference},
        )
        return redirect("payments:purchases")
    return HttpResponseRedirect(url)
