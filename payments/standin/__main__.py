"""`python -m payments.standin`: run the Stripe stand-in in the foreground (the demo starts it this way).

    python -m payments.standin --port 12111 --secret-key sk_test_standin \
        --webhook-secret whsec_standin --webhook-url http://127.0.0.1:8000/payments/webhook/

Defaults come from STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STANDIN_WEBHOOK_URL, so the portal and
the stand-in read the same environment. The portal then needs STRIPE_API_BASE=<the printed address>.
"""

import argparse
import os
import sys

from .server import DEFAULT_SECRET_KEY, DEFAULT_WEBHOOK_SECRET, StripeStandin


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m payments.standin",
        description="Local Stripe stand-in (test only): Checkout Sessions, refunds, signed webhooks.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("STANDIN_PORT", "12111")))
    parser.add_argument("--secret-key", default=os.environ.get("STRIPE_SECRET_KEY") or DEFAULT_SECRET_KEY)
    parser.add_argument(
        "--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET") or DEFAULT_WEBHOOK_SECRET
    )
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
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    try:
        standin = StripeStandin(
            args.host,
            args.port,
            secret_key=args.secret_key,
            webhook_secret=args.webhook_secret,
            webhook_url=args.webhook_url,
            public_url=args.public_url,
            log=not args.quiet,
        )
    except ValueError as exc:
        parser.error(str(exc))
    standin.start()
    print(f"Stripe stand-in (TEST ONLY) listening on {standin.url}", flush=True)
    print(f"  STRIPE_API_BASE={standin.url}", flush=True)
    print(f"  webhooks -> {standin.webhook_url or '(none yet)'}", flush=True)
    try:
        standin.join()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
