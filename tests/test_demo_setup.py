"""What a newcomer meets on a fresh clone: the README speaks only of the repository's own files, the demo
has a request waiting for a coordinator, and the demo's Stripe stand-in signs with a secret no one can read
in the repository."""

import io
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import stripe
from django.core.management import call_command
from django.urls import reverse

from portal.models import AccessRequest, PortalSettings, User

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED_SECRET = "whsec_standin"


# Paths into the repository's own folders (var/ holds what the commands make; /… are site addresses).
OWN_FOLDERS = {
    "bench",
    "courses",
    "docs",
    "payments",
    "portal",
    "scripts",
    "static",
    "templates",
    "tests",
    ".ci",
}


def names_outside_and_missing(markdown: Path) -> tuple[list[str], list[str]]:
    """What a Markdown file of the repository names outside it, and what it names that does not exist.

    A link is read from the file's own folder (`../courses/access.py` from docs/); a path in a code span is
    read from the repository's root, as a reader at the root would type it."""
    text = markdown.read_text()
    links = set(re.findall(r"\]\(([^)#\s]+)\)", text))
    spans = set(re.findall(r"`([\w./-]+/[\w./-]*)`", text))
    outside, missing = [], []
    for link in links:
        target = (markdown.parent / link).resolve()
        if ":" in link or not target.is_relative_to(ROOT):
            outside.append(link)
        elif not target.exists():
            missing.append(link)
    own = [path for path in spans if path.split("/")[0] in OWN_FOLDERS]
    missing += [path for path in own if not (ROOT / path.split("::")[0]).exists()]
    return sorted(outside), sorted(missing)


def test_the_readme_names_only_files_of_the_repository_and_each_exists():
    assert names_outside_and_missing(ROOT / "README.md") == ([], [])


def test_the_readme_fits_a_newcomers_reading_and_each_docs_page_links_to_files_that_exist():
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250
    pages = sorted((ROOT / "docs").glob("*.md"))
    assert pages, "the README's details live in docs/"
    found = {page.name: names_outside_and_missing(page) for page in pages}
    assert found == {page.name: ([], []) for page in pages}


@pytest.mark.django_db
def test_the_demo_has_one_request_waiting_for_the_coordinator_to_decide(client):
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("load_demo", **quiet)
    call_command("load_demo", **quiet)  # re-run: still one

    waiting = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
    assert [request.user.email for request in waiting] == ["applicant@clase.example"]
    client.force_login(User.objects.get(email="coordinator@clase.example"))
    listing = client.get(reverse("access_requests:list") + "?status=pending").content.decode()
    assert "Diego Ramírez" in listing
    request = waiting.get()
    approve = reverse("access_requests:approve", args=[request.pk])
    assert client.post(approve, {"expires_at": ""}).status_code == 302
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.APPROVED
    # Receipts of the demo name a seller, with its address and tax ID, as an institution's must.
    seller = PortalSettings.load()
    assert seller.seller_legal_name and seller.seller_address and seller.seller_tax_id.startswith("NIT ")


def settings_of_the_demo(**environ) -> dict:
    code = "from django.conf import settings as s; import json; print(json.dumps(s.STRIPE_WEBHOOK_SECRET))"
    env = {key: value for key, value in os.environ.items() if not key.startswith("STRIPE_")}
    env |= {"DJANGO_SETTINGS_MODULE": "portal.settings.dev", **environ}
    script = f"import django; django.setup(); {code}"
    output = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_the_demo_never_accepts_events_signed_with_a_published_secret():
    first, second = settings_of_the_demo(), settings_of_the_demo()
    assert PUBLISHED_SECRET not in (first, second) and first != second
    assert settings_of_the_demo(STRIPE_WEBHOOK_SECRET="whsec_given") == "whsec_given"


class Catcher(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Catcher.received.append((body, self.headers["Stripe-Signature"]))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_the_stand_in_signs_with_a_secret_of_its_own_run_and_says_which():
    Catcher.received = []
    webhook = HTTPServer(("127.0.0.1", 0), Catcher)
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("STRIPE_", "STANDIN_"))}
    hook_url = f"http://127.0.0.1:{webhook.server_port}/"
    process = subprocess.Popen(  # noqa: S603 - this interpreter, the repository's stand-in
        [sys.executable, "-m", "payments.standin", "--port", "0", "--quiet", "--webhook-url", hook_url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # A thread reads the lines: select() on the pipe would miss lines already in the reader's buffer.
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        printed = {}
        while "STRIPE_WEBHOOK_SECRET" not in printed:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail(f"the stand-in did not say which secret it signs with: {printed}")
            if "=" in line:
                key, _, value = line.strip().partition("=")
                printed[key] = value
        secret, base = printed["STRIPE_WEBHOOK_SECRET"], printed["STRIPE_API_BASE"]
        assert secret.startswith("whsec_") and secret != PUBLISHED_SECRET

        client = stripe.StripeClient("sk_test_standin", base_addresses={"api": base})
        session = client.v1.checkout.sessions.create(
            params={
                "mode": "payment",
                "success_url": "http://127.0.0.1/ok",
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "usd",
                            "unit_amount": 1200,
                            "product_data": {"name": "Guía"},
                        },
                    }
                ],
            }
        )
        complete = urllib.request.Request(  # noqa: S310 - the stand-in on loopback
            f"{base}/_standin/sessions/{session.id}/complete", method="POST"
        )
        urllib.request.urlopen(complete)  # noqa: S310 - the stand-in on loopback
        for _ in range(100):  # the event is sent while the request completes; allow a slow machine
            if Catcher.received:
                break
            time.sleep(0.1)
        body, signature = Catcher.received[-1]
        assert stripe.Webhook.construct_event(body, signature, secret).type == "checkout.session.completed"
        with pytest.raises(stripe.SignatureVerificationError):
            stripe.Webhook.construct_event(body, signature, PUBLISHED_SECRET)
    finally:
        process.terminate()
        process.wait(10)
        webhook.shutdown()
