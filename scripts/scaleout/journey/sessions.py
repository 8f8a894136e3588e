"""Step 1 of the scale-out journey: one session for both app servers (sessions live in the shared database
and cache, not in a server's memory)."""

from __future__ import annotations

from ..browser import Client
from ..release import ScaledOutPortal
from ..steps import Steps, check


def sign_in_on_a_is_valid_on_b(portal: ScaledOutPortal, steps: Steps) -> Client:
    """The member signs in on A and B serves their account page; the member's browser, signed in."""
    a, b, ok = portal.a, portal.b, steps.ok
    with steps.step("1. Sign in on A; the session is valid on B"):
        member = Client()
        member.sign_in("member@clase.example", port=a)
        ok(f"member@clase.example signed in on A (port {a}); cookies: {', '.join(sorted(member.cookies))}")
        account = member.get("/es/account/", port=b)
        check(
            account.status == 200, f"B answered {account.status} for the member's account page (signed out?)"
        )
        check("member@clase.example" in account.text, "B's account page does not show the member's e-mail")
        ok("B serves the member's account page (200) with their e-mail: one session for both servers")
    return member
