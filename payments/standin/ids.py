"""Object ids shaped like Stripe's (`cs_test_...`, `pi_...`, `evt_...`), so code that checks prefixes or
stores ids in fixed-width columns sees what it will see in production."""

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits

# Lengths of the random part as Stripe issues them today; Checkout Session ids are much longer.
_LENGTHS = {"cs_test_": 58}


def new_id(prefix: str) -> str:
    length = _LENGTHS.get(prefix, 24)
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))
