"""The hosted page's offer of a session's delayed payment method (OXXO, a boleto, a bank debit), under the
card form: one button, in the page's language, that completes the session unpaid (see
resources/delayed_payments.py); a test control then confirms or fails the payment."""

from __future__ import annotations

from html import escape

STRINGS = {
    "en": {
        "heading": "Or pay later with {method}",
        "hint": "Test mode: the order completes unpaid, as with a cash voucher or a bank debit. "
        "The stand-in's test control confirms or fails the payment later.",
        "button": "Pay later with {method}",
    },
    "es": {
        "heading": "O paga más tarde con {method}",
        "hint": "Modo de prueba: el pedido se completa sin pagar, como con un cupón en efectivo o un débito "
        "bancario. El control de prueba del sustituto confirma o rechaza el pago más tarde.",
        "button": "Pagar más tarde con {method}",
    },
    "pt": {
        "heading": "Ou pague depois com {method}",
        "hint": "Modo de teste: o pedido é concluído sem pagamento, como com um boleto ou um débito "
        "bancário. O controle de teste do substituto confirma ou recusa o pagamento depois.",
        "button": "Pagar depois com {method}",
    },
}

# Outlined, so that the card's Pay button stays the main action.
_BUTTON_STYLE = "background:#fff;color:#0b5cad;border:2px solid #0b5cad"


def delayed_method_offer(session_id: str, method_name: str, lang: str) -> str:
    """The section offering the delayed method, posting `method=delayed` to the hosted page."""
    text = {key: value.format(method=method_name) for key, value in STRINGS[lang].items()}
    return (
        '<section aria-labelledby="delayed-method">'
        f'<h2 id="delayed-method">{escape(text["heading"])}</h2>\n'
        f'<p class="hint">{escape(text["hint"])}</p>\n'
        f'<form method="post" action="/pay/{escape(session_id)}">'
        '<input type="hidden" name="method" value="delayed">'
        f'<button style="{_BUTTON_STYLE}">{escape(text["button"])}</button></form>\n'
        "</section>\n"
    )
