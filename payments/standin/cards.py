"""Stripe's test cards that the stand-in knows, and what each one does after it is typed.

Stripe documents a test card for each thing that can happen to a payment; the stand-in accepts the same
numbers, so a test or a demo drives a risky path with the card Stripe would use for it. The hosted page
(page.py) reads a typed number here; the resources read what the card that paid a charge does later
(state.py keeps which card paid each charge, as Stripe does: the charge itself shows only its last four
digits): a refund that fails later, a dispute, an early fraud warning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestCard:
    __test__ = False  # a card, not a test: pytest must not collect it where it is imported

    number: str
    brand: str = "visa"
    declined: bool = False  # the payment is refused: nothing is charged
    refunds_fail: bool = False  # the payment succeeds; a refund of it succeeds, then fails later
    disputed: bool = False  # the payment succeeds; then the cardholder disputes it as fraudulent
    fraud_warning: bool = False  # the payment succeeds; then the issuer sends an early fraud warning

    @property
    def last4(self) -> str:
        return self.number[-4:]


SUCCEEDS = TestCard("4242424242424242")
DECLINED = TestCard("4000000000000002", declined=True)
# Stripe's "refund fails" card: the refund is `succeeded` at first, then moves to `failed` (the card was
# closed meanwhile), with `refund.updated`, `charge.refund.updated` and `refund.failed`.
REFUND_FAILS = TestCard("4000000000005126", refunds_fail=True)
# Stripe's "disputed as fraudulent" card: the payment succeeds, then a dispute opens on its charge
# (`charge.dispute.created`, `charge.dispute.funds_withdrawn`); resources/disputes.py.
DISPUTED = TestCard("4000000000000259", disputed=True)
# Stripe's early fraud warning card: the payment succeeds, then `radar.early_fraud_warning.created`
# (resources/fraud_warnings.py).
FRAUD_WARNING = TestCard("4000000000005423", fraud_warning=True)

CARDS = {card.number: card for card in (SUCCEEDS, DECLINED, REFUND_FAILS, DISPUTED, FRAUD_WARNING)}


def card_for(number: str | None) -> TestCard | None:
    """The test card of a typed number (spaces and dashes ignored, as card forms do), or None."""
    typed = "".join(character for character in number or "" if not character.isspace())
    return CARDS.get(typed.replace("-", ""))
