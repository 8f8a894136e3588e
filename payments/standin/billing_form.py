"""The part of the hosted test checkout page where a buyer paying for an organisation gives its legal name
and tax ID, shown when the session collects tax IDs (`tax_id_collection[enabled]`), as Stripe Checkout's
"purchasing as a business" fields are.

Optional as a whole (a person buys without them) but complete when started: a name without a tax ID, or a
tax ID without a name, is sent back to be fixed. Stripe offers the tax ID kinds of the buyer's country;
the stand-in offers those of the network's countries that Stripe supports, and takes the address's country
from the kind chosen (`pe_ruc` is Peru's). page.py draws these fields with its own and checks them here.
"""

from __future__ import annotations

from html import escape

FIELDS = ("business_name", "tax_id_type", "tax_id", "address_line1", "address_city")

# Stripe's tax ID kinds for the network's countries (Guatemala, Honduras and Nicaragua have none in Stripe).
TAX_ID_TYPES = (
    "ar_cuit",
    "bo_tin",
    "br_cnpj",
    "br_cpf",
    "cl_tin",
    "co_nit",
    "cr_tin",
    "do_rcn",
    "ec_ruc",
    "es_cif",
    "eu_vat",
    "mx_rfc",
    "pe_ruc",
    "py_ruc",
    "sv_nit",
    "us_ein",
    "uy_ruc",
)

STRINGS = {
    "en": {
        "business": "Buying for an organisation? (optional)",
        "business_hint": "For an invoice in its name: its legal name and tax ID. "
        "Leave empty to buy as a person.",
        "business_name": "Legal name of the organisation",
        "tax_id_type": "Kind of tax ID",
        "tax_id": "Tax ID",
        "address_line1": "Street and number (optional)",
        "address_city": "City (optional)",
        "bad_business_name": "Enter the organisation's legal name, or leave its tax ID empty.",
        "bad_tax_id": "Enter the organisation's tax ID, or leave its name empty.",
    },
    "es": {
        "business": "¿Compra para una organización? (opcional)",
        "business_hint": "Para una factura a su nombre: su razón social y su identificación tributaria. "
        "Déjelo vacío para comprar a título personal.",
        "business_name": "Razón social de la organización",
        "tax_id_type": "Tipo de identificación tributaria",
        "tax_id": "Identificación tributaria",
        "address_line1": "Calle y número (opcional)",
        "address_city": "Ciudad (opcional)",
        "bad_business_name": "Indique la razón social de la organización, o deje vacía su identificación.",
        "bad_tax_id": "Indique la identificación tributaria de la organización, o deje vacío su nombre.",
    },
    "pt": {
        "business": "Comprando para uma organização? (opcional)",
        "business_hint": "Para uma fatura em nome dela: a razão social e o número fiscal. "
        "Deixe em branco para comprar como pessoa física.",
        "business_name": "Razão social da organização",
        "tax_id_type": "Tipo de número fiscal",
        "tax_id": "Número fiscal",
        "address_line1": "Rua e número (opcional)",
        "address_city": "Cidade (opcional)",
        "bad_business_name": "Informe a razão social da organização ou deixe o número fiscal em branco.",
        "bad_tax_id": "Informe o número fiscal da organização ou deixe a razão social em branco.",
    },
}


def values_of(form: dict) -> dict:
    values = {name: str(form.get(name, "")).strip() for name in FIELDS}
    if values["tax_id_type"] not in TAX_ID_TYPES:
        values["tax_id_type"] = TAX_ID_TYPES[0]
    return values


def check(values: dict) -> dict:
    """Field errors (message keys): a business is given whole or not at all."""
    if values["business_name"] and not values["tax_id"]:
        return {"tax_id": "bad_tax_id"}
    if values["tax_id"] and not values["business_name"]:
        return {"business_name": "bad_business_name"}
    if len(values["business_name"]) > 150 or len(values["tax_id"]) > 64:
        return {"business_name": "bad_business_name"}
    return {}


def customer(values: dict) -> dict | None:
    """What the buyer gave, in the shape resources/invoices.customer_details reads; None for a person."""
    if not values["business_name"]:
        return None
    kind = values["tax_id_type"]
    country = kind.split("_")[0].upper()
    address = {
        "city": values["address_city"] or None,
        "country": None if country == "EU" else country,
        "line1": values["address_line1"] or None,
        "line2": None,
        "postal_code": None,
        "state": None,
    }
    return {
        "business_name": values["business_name"],
        "tax_ids": [{"type": kind, "value": values["tax_id"]}],
        "address": address,
    }


def _kind_label(kind: str) -> str:
    """`pe_ruc` as "PE RUC": the country, then the name the country gives its tax ID."""
    return kind.replace("_", " ").upper()


def fieldset(text: dict, values: dict, errors: dict, field) -> str:
    """The business fields, drawn with page.py's `field(name, label, value, error, describedby, **attrs)`."""
    chosen = values.get("tax_id_type") or TAX_ID_TYPES[0]
    options = "".join(
        f'<option value="{kind}"{" selected" if kind == chosen else ""}>{_kind_label(kind)}</option>'
        for kind in TAX_ID_TYPES
    )
    optional = {
        name: field(name, text[name], values.get(name, ""), errors.get(name), "business-hint")
        for name in ("business_name", "tax_id", "address_line1", "address_city")
    }
    return (
        f"<fieldset><legend>{escape(text['business'])}</legend>\n"
        f'<p class="hint" id="business-hint">{escape(text["business_hint"])}</p>\n'
        + optional["business_name"]
        + '<div class="row"><div class="field">'
        f'<label for="tax_id_type">{escape(text["tax_id_type"])}</label>'
        f'<select id="tax_id_type" name="tax_id_type">{options}</select></div>'
        + optional["tax_id"]
        + "</div>\n"
        + optional["address_line1"]
        + optional["address_city"]
        + "</fieldset>\n"
    )
