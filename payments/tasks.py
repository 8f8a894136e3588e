"""Background tasks of the payments app: the buyer's receipt, the notice of a refund, the news of a refund
that failed (to the coordinators and the buyer), the notice of a delayed payment that never came, and the
coordinators' alert about a dispute."""

from functools import partial

from django.db import router, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .emails import (
    send_dispute_alert,
    send_payment_failed_notice,
    send_receipt,
    send_refund_failure_notices,
    send_refund_notice,
)
from .models import Dispute, Order, Refund


@task()
def email_receipt(order_id: int) -> None:
    """Send the receipt of a paid order once, however many times this task runs and whenever it is cut short.

    The order's row stays locked while the receipt is sent, and is marked sent in the same transaction: a run
    that fails, or whose worker is killed mid-send, leaves it unmarked (the database rolls the transaction
    back) and the next run sends it; a run at the same moment waits, then finds it sent. Only a worker killed
    between the mail server's acceptance and the commit, a matter of milliseconds, would send it twice.
    """
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("buyer", "item", "licence")
            .filter(pk=order_id, paid_at__isnull=False, receipt_sent_at__isnull=True)
            .first()
        )
        if order is None:
            return
        send_receipt(order)
        Order.objects.filter(pk=order_id).update(receipt_sent_at=timezone.now())


@task()
def email_refund(refund_id: int) -> None:
    """Tell the buyer once that a refund is done, as `email_receipt` sends a receipt once: the refund's row
    stays locked while the e-mail is sent, and is marked in the same transaction."""
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("order__buyer", "order__item")
            .filter(pk=refund_id, status=Refund.SUCCEEDED, buyer_notified_at__isnull=True)
            .first()
        )
        if refund is None:
            return
        send_refund_notice(refund)
        Refund.objects.filter(pk=refund_id).update(buyer_notified_at=timezone.now())


@task()
def email_refund_failure(refund_id: int) -> None:
    """Tell the coordinators and the buyer once that a refund failed, as `email_refund` tells of a refund
    done: the refund's row stays locked while the e-mails are sent, and is marked in the same transaction."""
    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("order__buyer", "order__item")
            .filter(pk=refund_id, status__in=Refund.FAILED, failure_notified_at__isnull=True)
            .first()
        )
        if refund is None:
            return
        send_refund_failure_notices(refund)
        Refund.objects.filter(pk=refund_id).update(failure_notified_at=timezone.now())


def email_refund_failure_queue(refund_id: int) -> None:
    """Queue the news of a refund that the current transaction records as failed (see `_queue`)."""
    _queue(email_refund_failure, refund_id, Refund)


@task()
def email_payment_failed(order_id: int) -> None:
    """Tell the buyer once that their delayed payment never came and the order is closed, as
    `email_receipt` sends a receipt once: the order's row stays locked while the e-mail is sent, and is
    marked in the same transaction."""
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("buyer", "item")
            .filter(pk=order_id, status=Order.Status.FAILED, failure_notice_sent_at__isnull=True)
            .first()
        )
        if order is None:
            return
        send_payment_failed_notice(order)
        Order.objects.filter(pk=order_id).update(failure_notice_sent_at=timezone.now())


def email_payment_failed_queue(order_id: int) -> None:
    """Queue the notice of an order that the current transaction closes as failed (see `_queue`)."""
    _queue(email_payment_failed, order_id, Order)


@task()
def email_dispute(dispute_id: int) -> None:
    """Tell the coordinators once that a payment is disputed, with the date Stripe needs their evidence by,
    as `email_receipt` sends a receipt once: the dispute's row stays locked while the e-mails are sent."""
    with transaction.atomic():
        dispute = (
            Dispute.objects.select_for_update(of=("self",))
            .select_related("order__buyer", "order__item")
            .filter(pk=dispute_id, coordinators_notified_at__isnull=True)
            .first()
        )
        if dispute is None:
            return
        send_dispute_alert(dispute)
        Dispute.objects.filter(pk=dispute_id).update(coordinators_notified_at=timezone.now())


def email_dispute_queue(dispute_id: int) -> None:
    """Queue the coordinators' alert about a dispute that the current transaction records (see `_queue`)."""
    _queue(email_dispute, dispute_id, Dispute)


def email_refund_queue(refund_id: int) -> None:
    """Queue the notice of a refund that the current transaction records as done (see `_queue`)."""
    _queue(email_refund, refund_id, Refund)


def email_receipt_queue(order_id: int) -> None:
    """Queue the receipt of an order that the current transaction marks paid, to be sent once it commits.

    A backend that keeps its queue in the same database (django_tasks_db, as in production) queues it in
    that very transaction: the task commits with the payment or not at all, with no commit of its own, and
    nothing is lost if the process dies just after the commit. Any other backend (the demo's immediate one
    sends the e-mail at once) is given the task only once the transaction has committed."""
    _queue(email_receipt, order_id, Order)


def _queue(email_task, pk: int, model) -> None:
    if isinstance(email_task.get_backend(), DatabaseBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(model):
        email_task.enqueue(pk)
    else:
        transaction.on_commit(partial(email_task.enqueue, pk))
