"""Background tasks of the payments app: the buyer's receipt."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .emails import send_receipt
from .models import Order


@task()
def email_receipt(order_id: int) -> None:
    """Send the receipt of a paid order once, however many times this task runs."""
    with transaction.atomic():
        claimed = Order.objects.filter(
            pk=order_id, paid_at__isnull=False, receipt_sent_at__isnull=True
        ).update(receipt_sent_at=timezone.now())
    if not claimed:
        return
    order = Order.objects.select_related("buyer", "item", "licence").get(pk=order_id)
    try:
        send_receipt(order)
    except Exception:
        # Not sent: let a later run (a retry of the worker) send it.
        Order.objects.filter(pk=order_id).update(receipt_sent_at=None)
        raise
