"""The hosted test checkout page: what a buyer sees at the session's `url` instead of Stripe Checkout.

Plain server-rendered HTML and CSS (no JavaScript, no external assets), so it works in any browser and in
browser tests, with labelled fields and an error summary that screen readers announce. It speaks the
portal's three languages (es, en, pt) following the session's `locale`, and says plainly that it is a
test stand-in: only the documented test cards are accepted and nothing is ever charged.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field
from html import escape

from . import billing_form
from .cards import SUCCEEDS, TestCard, card_for
from .currencies import ZERO_DECIMAL

LANGUAGES = ("es", "en", "pt")

STRINGS = {
    "en": {
        "test": "TEST",
        "banner": "Test mode: this is a local Stripe stand-in. No real card is charged and no money moves.",
        "title": "Test checkout",
        "summary": "Order summary",
        "quantity": "Quantity: {n}",
        "total": "Total",
        "receipt_to": "Receipt to",
        "email": "E-mail",
        "card_details": "Card details",
        "card_number": "Card number",
        "expiry": "Expiry date (MM/YY)",
        "cvc": "Security code (CVC)",
        "test_cards": "Test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; "
        "4000 0000 0000 5126 succeeds, but a refund of it fails later; "
        "4000 0000 0000 0259 succeeds, then is disputed as fraudulent; "
        "4000 0000 0000 5423 succeeds, then gets an early fraud warning. "
        "Use any future expiry date and any three digits.",
        "pay": "Pay {amount}",
        "cancel": "Cancel and go back",
        "check_form": "Please check the form",
        "declined": "Your card was declined.",
        "use_test_card": "Use a test card: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
        "bad_expiry": "Enter the expiry date as MM/YY, in the future.",
        "bad_cvc": "Enter the 3 or 4 digit security code.",
        "bad_email": "Enter a valid e-mail address.",
        "paid_title": "Payment complete",
        "paid": "This payment is already complete.",
        "paid_no_return": "Payment received. You can close this page.",
        "expired_title": "Checkout expired",
        "expired": "This checkout session has expired. Go back and start the purchase again.",
        "not_found_title": "Checkout not found",
        "not_found": "There is no checkout session at this address.",
        "continue": "Continue",
        "back": "Go back",
    },
    "es": {
        "test": "PRUEBA",
        "banner": "Modo de prueba: esto es un sustituto local de Stripe. No se cobra ninguna tarjeta real "
        "ni se mueve dinero.",
        "title": "Pago de prueba",
        "summary": "Resumen del pedido",
        "quantity": "Cantidad: {n}",
        "total": "Total",
        "receipt_to": "Recibo a",
        "email": "Correo electrónico",
        "card_details": "Datos de la tarjeta",
        "card_number": "Número de tarjeta",
        "expiry": "Vencimiento (MM/AA)",
        "cvc": "Código de seguridad (CVC)",
        "test_cards": "Tarjetas de prueba: 4242 4242 4242 4242 se aprueba; 4000 0000 0000 0002 se rechaza; "
        "4000 0000 0000 5126 se aprueba, pero su reembolso falla más tarde; "
        "4000 0000 0000 0259 se aprueba y luego se disputa por fraude; "
        "4000 0000 0000 5423 se aprueba y luego recibe una alerta temprana de fraude. "
        "Usa cualquier fecha de vencimiento futura y tres dígitos cualesquiera.",
        "pay": "Pagar {amount}",
        "cancel": "Cancelar y volver",
        "check_form": "Revisa el formulario",
        "declined": "Tu tarjeta fue rechazada.",
        "use_test_card": "Usa una tarjeta de prueba: 4242 4242 4242 4242 se aprueba, "
        "4000 0000 0000 0002 se rechaza.",
        "bad_expiry": "Indica el vencimiento como MM/AA, con una fecha futura.",
        "bad_cvc": "Indica el código de seguridad de 3 o 4 dígitos.",
        "bad_email": "Indica un correo electrónico válido.",
        "paid_title": "Pago completado",
        "paid": "Este pago ya se completó.",
        "paid_no_return": "Pago recibido. Puedes cerrar esta página.",
        "expired_title": "Pago vencido",
        "expired": "Esta sesión de pago venció. Vuelve atrás y empieza la compra de nuevo.",
        "not_found_title": "Pago no encontrado",
        "not_found": "No hay ninguna sesión de pago en esta dirección.",
        "continue": "Continuar",
        "back": "Volver",
    },
    "pt": {
        "test": "TESTE",
        "banner": "Modo de teste: este é um substituto local do Stripe. Nenhum cartão real é cobrado e "
        "nenhum dinheiro é movimentado.",
        "title": "Pagamento de teste",
        "summary": "Resumo do pedido",
        "quantity": "Quantidade: {n}",
        "total": "Total",
        "receipt_to": "Recibo para",
        "email": "E-mail",
        "card_details": "Dados do cartão",
        "card_number": "Número do cartão",
        "expiry": "Validade (MM/AA)",
        "cvc": "Código de segurança (CVC)",
        "test_cards": "Cartões de teste: 4242 4242 4242 4242 é aprovado; 4000 0000 0000 0002 é recusado; "
        "4000 0000 0000 5126 é aprovado, mas o reembolso dele falha mais tarde; "
        "4000 0000 0000 0259 é aprovado e depois contestado como fraude; "
        "4000 0000 0000 5423 é aprovado e depois recebe um alerta antecipado de fraude. "
        "Use qualquer data de validade futura e quaisquer três dígitos.",
        "pay": "Pagar {amount}",
        "cancel": "Cancelar e voltar",
        "check_form": "Verifique o formulário",
        "declined": "Seu cartão foi recusado.",
        "use_test_card": "Use um cartão de teste: 4242 4242 4242 4242 é aprovado, "
        "4000 0000 0000 0002 é recusado.",
        "bad_expiry": "Informe a validade como MM/AA, com uma data futura.",
        "bad_cvc": "Informe o código de segurança de 3 ou 4 dígitos.",
        "bad_email": "Informe um e-mail válido.",
        "paid_title": "Pagamento concluído",
        "paid": "Este pagamento já foi concluído.",
        "paid_no_return": "Pagamento recebido. Você pode fechar esta página.",
        "expired_title": "Pagamento expirado",
        "expired": "Esta sessão de pagamento expirou. Volte e comece a compra de novo.",
        "not_found_title": "Pagamento não encontrado",
        "not_found": "Não há nenhuma sessão de pagamento neste endereço.",
        "continue": "Continuar",
        "back": "Voltar",
    },
}


def language(locale: str | None, accept_language: str | None = None) -> str:
    """es / en / pt from the session's locale (`es-419`, `pt-BR` included); `auto` or no locale follows
    the browser's Accept-Language, as Stripe does; anything else is English."""
    if locale and locale != "auto":
        base = locale.split("-")[0].lower()
        return base if base in LANGUAGES else "en"
    for part in (accept_language or "").split(","):
        base = part.split(";")[0].strip().split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return "en"


def money(amount: int, currency: str, lang: str) -> str:
    """`1,500.00 USD` in English, `1.500,00 USD` in Spanish and Portuguese."""
    decimals = 0 if currency.lower() in ZERO_DECIMAL else 2
    text = f"{amount / 10**decimals:,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return f"{text} {currency.upper()}"


# -- the payment form -------------------------------------------------------------------------------


@dataclass
class Attempt:
    """What the buyer submitted, checked: field errors (message keys) or an outcome."""

    values: dict
    errors: dict = field(default_factory=dict)
    outcome: str | None = None  # "succeeded" or "declined" when the form itself is fine
    card: TestCard = SUCCEEDS  # the test card typed, once it is one
    exp_month: int = 0
    exp_year: int = 0
    customer: dict | None = None  # an organisation's name and tax ID, when given (billing_form.py)


def check_payment(
    form: dict, needs_email: bool, today: time.struct_time | None = None, *, collects_tax_id: bool = False
) -> Attempt:
    """Read the posted form like Stripe's test mode would: only the test cards of cards.py exist."""
    today = today or time.gmtime()
    values = {name: str(form.get(name, "")).strip() for name in ("card_number", "expiry", "cvc", "email")}
    attempt = Attempt(values=values)
    if collects_tax_id:
        business = billing_form.values_of(form)
        values.update(business)
        attempt.errors.update(billing_form.check(business))
        attempt.customer = billing_form.customer(business)
    card = card_for(values["card_number"])
    if card is None:
        attempt.errors["card_number"] = "use_test_card"
    match = re.fullmatch(r"(\d{1,2})\s*/?\s*(\d{2}|\d{4})", values["expiry"])
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        year = year + 2000 if year < 100 else year
        attempt.exp_month, attempt.exp_year = month, year
    if not match or not 1 <= month <= 12 or (year, month) < (today.tm_year, today.tm_mon):
        attempt.errors["expiry"] = "bad_expiry"
    if not re.fullmatch(r"\d{3,4}", values["cvc"]):
        attempt.errors["cvc"] = "bad_cvc"
    if needs_email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["email"]):
        attempt.errors["email"] = "bad_email"
    if not attempt.errors:
        attempt.card = card
        attempt.outcome = "declined" if card.declined else "succeeded"
    return attempt


# -- HTML -------------------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;
background:#f4f5f7}
.banner{margin:0;padding:.6rem 1rem;background:#7a3b00;color:#fff;text-align:center}
.banner strong{margin-right:.5rem;padding:0 .4rem;border:2px solid #fff;border-radius:4px}
main{max-width:32rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;
box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{margin-top:0;font-size:1.5rem}
h2{font-size:1.1rem}
.items{list-style:none;margin:0;padding:0}
.items li{display:flex;justify-content:space-between;gap:1rem;padding:.4rem 0;border-bottom:1px solid #ddd}
.items small{display:block;color:#555}
.total{display:flex;justify-content:space-between;font-size:1.15rem}
fieldset{border:0;margin:1rem 0 0;padding:0}
legend{font-weight:600;margin-bottom:.5rem;padding:0}
.field{margin-bottom:.9rem}
label{display:block;font-weight:600}
input,select{width:100%;padding:.55rem;font:inherit;border:1px solid #767676;border-radius:4px}
input[aria-invalid=true]{border:2px solid #b00020}
input:focus,button:focus,a:focus{outline:3px solid #1a73e8;outline-offset:2px}
.row{display:flex;gap:1rem}.row .field{flex:1}
.hint{color:#444;font-size:.9rem}
.error{color:#b00020;font-weight:600;margin:.2rem 0 0}
.errors{border:2px solid #b00020;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.errors h2{margin:.3rem 0;color:#b00020}
.errors a{color:#b00020}
button{width:100%;padding:.75rem;font:inherit;font-weight:600;color:#fff;background:#0b5cad;border:0;
border-radius:4px;cursor:pointer}
.cancel{display:inline-block;margin-top:1rem}
"""


def _page(lang: str, title: str, body: str) -> str:
    text = STRINGS[lang]
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)} · {escape(text['title'])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header><p class="banner" role="note"><strong>{text["test"]}</strong> {escape(text["banner"])}</p>'
        "</header>\n"
        f"<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _field(
    name: str, label: str, value: str, error: str | None, describedby: str = "", required=True, **attrs
) -> str:
    """A labelled input; an error is shown under it and tied to it with aria-describedby."""
    described = " ".join(filter(None, [describedby, f"{name}-error" if error else ""]))
    attributes = "".join(f' {key.replace("_", "-")}="{escape(str(item))}"' for key, item in attrs.items())
    if error:
        attributes += ' aria-invalid="true"'
    if described:
        attributes += f' aria-describedby="{described}"'
    if required:
        attributes = " required" + attributes
    message = f'<p class="error" id="{name}-error">{escape(error)}</p>' if error else ""
    return (
        f'<div class="field"><label for="{name}">{escape(label)}</label>'
        f'<input id="{name}" name="{name}" value="{escape(value)}"{attributes}>{message}</div>\n'
    )


def checkout_page(
    session: dict, line_items: list[dict], lang: str, attempt: Attempt | None = None, alternatives: str = ""
) -> str:
    """The payment form, with what the buyer typed (never the card number) and errors after a failed try;
    `alternatives`, the HTML of other ways to pay, goes under it."""
    text = {**STRINGS[lang], **billing_form.STRINGS[lang]}
    errors = {name: text[key] for name, key in (attempt.errors if attempt else {}).items()}
    if attempt and attempt.outcome == "declined":
        errors["card_number"] = text["declined"]
    values = dict(attempt.values if attempt else {})
    values["card_number"] = ""  # a real checkout never echoes the card number back
    total = money(session["amount_total"], session["currency"], lang)

    items = "".join(
        f"<li><span>{escape(item['description'])}"
        f"<small>{escape(text['quantity'].format(n=item['quantity']))}</small></span>"
        f"<span>{escape(money(item['amount_total'], item['currency'], lang))}</span></li>\n"
        for item in line_items
    )
    body = (
        f"<h1>{escape(text['title'])}</h1>\n"
        f'<section aria-labelledby="summary"><h2 id="summary">{escape(text["summary"])}</h2>\n'
        f'<ul class="items">\n{items}</ul>\n'
        f'<p class="total"><span>{escape(text["total"])}</span><strong>{escape(total)}</strong></p>\n'
        "</section>\n"
    )
    if errors:
        # Listed first and announced, each linking to its field (the page works without JavaScript).
        links = "".join(
            f'<li><a href="#{name}">{escape(message)}</a></li>' for name, message in errors.items()
        )
        # Focused on load (autofocus, no script needed) so keyboard and screen reader users land on it.
        body += (
            '<div class="errors" role="alert" tabindex="-1" autofocus>'
            f"<h2>{escape(text['check_form'])}</h2><ul>{links}</ul></div>\n"
        )
    body += f'<form method="post" action="/pay/{escape(session["id"])}">\n'
    if session.get("customer_email"):
        body += f"<p>{escape(text['receipt_to'])}: <strong>{escape(session['customer_email'])}</strong></p>\n"
    else:
        body += _field(
            "email",
            text["email"],
            values.get("email", ""),
            errors.get("email"),
            type="email",
            autocomplete="email",
        )
    if (session.get("tax_id_collection") or {}).get("enabled"):
        body += billing_form.fieldset(text, values, errors, functools.partial(_field, required=False))
    body += (
        f"<fieldset><legend>{escape(text['card_details'])}</legend>\n"
        f'<p class="hint" id="test-cards">{escape(text["test_cards"])}</p>\n'
        + _field(
            "card_number",
            text["card_number"],
            "",
            errors.get("card_number"),
            describedby="test-cards",
            inputmode="numeric",
            autocomplete="cc-number",
        )
        + '<div class="row">'
        + _field(
            "expiry",
            text["expiry"],
            values.get("expiry", ""),
            errors.get("expiry"),
            autocomplete="cc-exp",
        )
        + _field(
            "cvc",
            text["cvc"],
            values.get("cvc", ""),
            errors.get("cvc"),
            inputmode="numeric",
            autocomplete="cc-csc",
        )
        + "</div>\n</fieldset>\n"
        f'<button type="submit">{escape(text["pay"].format(amount=total))}</button>\n</form>\n'
    )
    body += alternatives
    if session.get("cancel_url"):
        body += f'<a class="cancel" href="{escape(session["cancel_url"])}">{escape(text["cancel"])}</a>\n'
    return _page(lang, total, body)


def message_page(lang: str, title_key: str, message_key: str, link: tuple[str, str] | None = None) -> str:
    """A page that only says something: already paid, expired, not found."""
    text = STRINGS[lang]
    body = f"<h1>{escape(text[title_key])}</h1>\n<p>{escape(text[message_key])}</p>\n"
    if link and link[0]:
        body += f'<p><a href="{escape(link[0])}">{escape(text[link[1]])}</a></p>\n'
    return _page(lang, text[title_key], body)
