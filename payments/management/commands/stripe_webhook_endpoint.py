"""Create or update the portal's webhook endpoint at Stripe: the API version the portal pins, and exactly
the event types it handles (`payments.events.HANDLERS`), so neither can drift from the code.

    manage.py stripe_webhook_endpoint --url https://<host>/payments/webhook/ [--replace]

Stripe sets an endpoint's API version when the endpoint is created and never changes it. So an endpoint at
that address in the pinned version has its events brought up to date (and is switched on); when there is
none, one is created and its signing secret printed (Stripe shows it in this answer only). An endpoint at
that address in another version (or in the account's default) would keep sending events the portal
refuses: the command stops and says so, unless `--replace` is given, which creates the pinned endpoint
and then switches the old one off.
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from payments import events, gateway

DESCRIPTION = "Cla@se portal: orders, refunds and disputes"


class Command(BaseCommand):
    help = (
        "Create or update the Stripe webhook endpoint at --url with the API version the portal pins and the "
        "events it handles; prints the signing secret of a new endpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", required=True, help="the portal's webhook address, https://<host>/payments/webhook/"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="if an endpoint at --url has another API version: create the pinned one, switch the old off",
        )

    def handle(self, *args, url: str, replace: bool, **options):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError(f"--url must be the full address of the webhook, not {url!r}")
        if parts.path != reverse("payments_webhook"):
            self.stderr.write(
                f"Note: the portal's webhook is at {reverse('payments_webhook')}, not {parts.path}."
            )
        wanted = sorted(events.HANDLERS)
        try:
            here = [endpoint for endpoint in gateway.webhook_endpoints_list() if endpoint["url"] == url]
            pinned = [endpoint for endpoint in here if endpoint.get("api_version") == gateway.API_VERSION]
            others = [
                endpoint
                for endpoint in here
                if endpoint not in pinned and endpoint.get("status") == "enabled"
            ]
            if others and not replace:
                raise CommandError(self._other_versions(others))
            if pinned:
                self._bring_up_to_date(pinned[0], wanted)
            else:
                self._create(url, wanted)
            for endpoint in others:
                gateway.webhook_endpoint_update(endpoint["id"], disabled=True)
                self.stdout.write(f"Switched off {endpoint['id']} ({_version_of(endpoint)}).")
        except gateway.GatewayError as error:
            raise CommandError(f"Stripe did not do it: {error}") from error

    def _bring_up_to_date(self, endpoint: dict, wanted: list[str]) -> None:
        if sorted(endpoint["enabled_events"]) == wanted and endpoint.get("status") == "enabled":
            self.stdout.write(f"{endpoint['id']} is up to date: {self._summary(wanted)}.")
            return
        gateway.webhook_endpoint_update(endpoint["id"], enabled_events=wanted, disabled=False)
        self.stdout.write(
            f"Updated {endpoint['id']}: {self._summary(wanted)}. Its signing secret is unchanged (Stripe "
            "shows it only when an endpoint is created; it is also in the Dashboard)."
        )

    def _create(self, url: str, wanted: list[str]) -> None:
        endpoint = gateway.webhook_endpoint_create(url=url, enabled_events=wanted, description=DESCRIPTION)
        self.stdout.write(f"Created {endpoint['id']} for {url}: {self._summary(wanted)}.")
        if endpoint.get("secret"):
            self.stdout.write(
                "Its signing secret, which Stripe shows only now: set it as STRIPE_WEBHOOK_SECRET and "
                "restart the portal (events signed with it are refused until then; Stripe sends them again)."
            )
            self.stdout.write(f"STRIPE_WEBHOOK_SECRET={endpoint['secret']}")

    @staticmethod
    def _summary(wanted: list[str]) -> str:
        return f"API version {gateway.API_VERSION}, {len(wanted)} events ({', '.join(wanted)})"

    @staticmethod
    def _other_versions(others: list[dict]) -> str:
        listed = ", ".join(f"{endpoint['id']} ({_version_of(endpoint)})" for endpoint in others)
        return (
            f"Stripe already sends this address events in another API version: {listed}. The portal refuses "
            f"them (it reads {gateway.API_VERSION}), and Stripe never changes an endpoint's version. Run "
            "again with --replace to create an endpoint in the pinned version and switch the old one off; "
            "then set the new signing secret as STRIPE_WEBHOOK_SECRET."
        )


def _version_of(endpoint: dict) -> str:
    # No version: the account's default, which changes whenever the account is upgraded in the Dashboard.
    return f"API version {endpoint.get('api_version') or 'of the account, unpinned'}"
