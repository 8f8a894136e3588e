"""How the scale-out journey reports: a check that did not hold stops it with the reason (StepFailed), and
each step is printed with what it checked and how long it took."""

from __future__ import annotations

import time
from contextlib import contextmanager


class StepFailed(Exception):
    """A check of the journey did not hold: the message says which and what was seen."""


def check(condition, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def say(text: str = "") -> None:
    print(text, flush=True)


def wait_for(condition, seconds: float, what: str):
    """Poll `condition` until it returns something true (returned), or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        check(time.monotonic() < deadline, f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.2)


class Steps:
    """Prints each step with its duration and what it checked."""

    def __init__(self):
        self.started = time.monotonic()

    @contextmanager
    def step(self, title: str):
        say(f"\n== {title}")
        began = time.monotonic()
        yield
        say(f"   ({time.monotonic() - began:.1f} s; {time.monotonic() - self.started:.1f} s in all)")

    @staticmethod
    def ok(text: str) -> None:
        say(f"   ok  {text}")
