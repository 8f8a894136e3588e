"""Settle orders whose webhook never arrived: ask Stripe about each checkout left pending for a while."""

import datetime

from django.core.management.base import BaseCommand

from payments import fulfilment


class Command(BaseCommand):
    help = "Ask Stripe about orders pending for longer than --minutes and fulfil, fail or expire them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=60, help="Only orders pending for longer than this (default 60)."
        )

    def handle(self, *args, minutes: int, **options):
        counts = fulfilment.orders_reconcile(older_than=datetime.timedelta(minutes=minutes))
        self.stdout.write(
            "Checked {checked}: {paid} settled as paid or refunded, {failed} failed (a delayed payment that "
            "never came), {expired} expired, {pending} still waiting, {errors} not reachable.".format(
                **counts
            )
        )
        if counts["errors"]:
            self.stderr.write("Stripe could not be asked about some orders: run again later.")
