"""`python -m payments.standin`: run the Stripe stand-in in the foreground (the demo starts it this way).

    python -m payments.standin --port 12111 --webhook-url http://127.0.0.1:8000/payments/webhook/

Defaults come from STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STANDIN_WEBHOOK_URL and STANDIN_PORT, so the
portal and the stand-in read the same environment. Without a webhook secret the stand-in makes one for
this run and prints it: a secret written in this repository would let anyone who reads it sign events
that a running portal accepts. The portal then needs STRIPE_API_BASE=<the printed address> and
STRIPE_WEBHOOK_SECRET=<the printed secret>.
"""

import argparse
import os
import secrets
import sys

from .events import DEFAULT_API_VERSION
from .server import DEFAULT_SECRET_KEY, StripeStandin


def webhook_secret_for_this_run(environ=os.environ) -> str:
    """The secret the portal shares with the stand-in: the environment's, or a new one for this run."""
    return environ.get("STRIPE_WEBHOOK_SECRET") or f"whsec_{secrets.token_hex(24)}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m payments.standin",
        description="Local Stripe stand-in (test only): Checkout Sessions, refunds, signed webhooks.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("STANDIN_PORT", "12111")))
    parser.add_argument("--secret-key", default=os.environ.get("STRIPE_SECRET_KEY") or DEFAULT_SECRET_KEY)
    parser.add_argument("--webhook-secret", default=None, help="default: STRIPE_WEBHOOK_SECRET or a new one")
    parser.add_argument(
        "--webhook-url",
        default=os.environ.get("STANDIN_WEBHOOK_URL") or None,
        help="where signed events are POSTed, e.g. http://127.0.0.1:8000/payments/webhook/",
    )
    parser.add_argument(
        "--public-url",
        default=None,
        help="address browsers reach the hosted page at (default: the API address)",
    )
    parser.add_argument(
        "--refund-failure-delay",
        type=float,
        default=30.0,
        help="seconds before a refund of the 4000 0000 0000 5126 card fails (default 30)",
    )
    parser.add_argument(
        "--dispute-delay",
        type=float,
        default=0.0,
        help="seconds before a payment with the 4000 0000 0000 0259 card is disputed (default 0: at once)",
    )
    parser.add_argument(
        "--account-api-version",
        default=DEFAULT_API_VERSION,
        help=f"the account's default API version, for events where none is pinned ({DEFAULT_API_VERSION})",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    try:
        standin = StripeStandin(
            args.host,
            args.port,
            secret_key=args.secret_key,
            webhook_secret=args.webhook_secret or webhook_secret_for_this_run(),
            webhook_url=args.webhook_url,
            public_url=args.public_url,
            refund_failure_delay=args.refund_failure_delay,
            dispute_delay=args.dispute_delay,
            account_api_version=args.account_api_version,
            log=not args.quiet,
        )
    except ValueError as exc:
        parser.error(str(exc))
    standin.start()
    print(f"Stripe stand-in (TEST ONLY) listening on {standin.url}", flush=True)
    print(f"  STRIPE_API_BASE={standin.url}", flush=True)
    print(f"  webhooks -> {standin.webhook_url or '(none yet)'}", flush=True)
    if not args.webhook_secret and not os.environ.get("STRIPE_WEBHOOK_SECRET"):
        print(f"  STRIPE_WEBHOOK_SECRET={standin.webhook_secret}", flush=True)
    try:
        standin.join()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
