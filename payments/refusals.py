"""Refusals by Stripe that no retry will mend (a currency the account does not support, a revoked key, a
key without the permission), recorded for the coordinators.

The buyer is told the truth at once (the purchase cannot be made now; the network has been told); the
coordinators find each refusal as one line on the admin dashboard, counted, with the last order it
happened to, until it has not happened for a week.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .gateway import GatewayRefused
from .models import Order, StripeRefusal

# How long a refusal stays on the dashboard after it last happened.
RECENT = datetime.timedelta(days=7)


def refusal_record(error: GatewayRefused, *, order: Order | None = None) -> None:
    """Count Stripe's refusal on its line (the same request refused the same way is one line)."""
    identity = "\n".join((error.operation, error.kind, error.code, error.param, error.stripe_message))
    fingerprint = hashlib.sha256(identity.encode()).hexdigest()
    now = timezone.now()
    changes = {"count": F("count") + 1, "last_seen_at": now}
    if order is not None:
        changes["order"] = order
    lines = StripeRefusal.objects.filter(fingerprint=fingerprint)
    if lines.update(**changes):
        return
    try:
        with transaction.atomic():
            StripeRefusal.objects.create(
                fingerprint=fingerprint,
                operation=error.operation[:100],
                kind=error.kind[:60],
                code=error.code[:100],
                param=error.param[:255],
                message=error.stripe_message,
                order=order,
                first_seen_at=now,
                last_seen_at=now,
            )
    except IntegrityError:  # the same refusal recorded at the same moment by another request: count it there
        lines.update(**changes)


def refusals_recent():
    """The refusals of the last week, the latest first, for the dashboard."""
    return StripeRefusal.objects.filter(last_seen_at__gte=timezone.now() - RECENT).select_related("order")
