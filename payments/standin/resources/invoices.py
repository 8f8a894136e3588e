"""Invoices Checkout makes after a payment (`invoice_creation`), and the session options that go with them:
the buyer's business name and tax ID (`tax_id_collection`), automatic tax and billing address collection.

- `session_options(params)` checks these Checkout Session parameters as Stripe does and returns the
  session's fields as Stripe shows them;
- `customer_details(session, email, given)` is what the buyer gave on the hosted page (or a test control),
  as the completed session's `customer_details`;
- `invoice_for(state, session, extra)` makes, when the session asked for one, the Customer Checkout creates
  and the paid invoice, with `hosted_invoice_url` and `invoice_pdf` on this stand-in (page and PDF:
  handlers/hosted_invoice.py);
- `retrieve` is `GET /v1/invoices/<id>`.

Stripe also sends `invoice.created`, `invoice.finalized` and `invoice.paid` for such an invoice; the
stand-in does not, as the portal reads the invoice from the completed session. Automatic tax is accepted
and reported as computed, with no tax: the stand-in knows no tax rates.
"""

from __future__ import annotations

import copy
import time

from ..errors import ApiError, missing, no_such
from ..ids import new_id
from ..params import check_known, expand_paths, metadata_param, string_param
from ..state import RequestContext, State

_INVOICE_DATA = frozenset(
    {"account_tax_ids", "custom_fields", "description", "footer", "issuer", "metadata", "rendering_options"}
)
# Stripe: at most 4 custom fields, names of 40 characters and values of 140.
MAX_CUSTOM_FIELDS = 4


def _hash(params: dict, name: str) -> dict | None:
    value = params.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "Invalid hash", param=name)
    return value


def _boolean(params: dict, name: str, param: str, *, required: bool = False) -> bool:
    """A boolean as forms carry it ("true" / "false"), as Stripe reads it."""
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing(param)
        return False
    if value not in ("true", "false"):
        raise ApiError(400, f"Invalid boolean: {value}", param=param)
    return value == "true"


def _custom_fields(invoice_data: dict) -> list[dict] | None:
    value = invoice_data.get("custom_fields")
    if value is None or value == "":
        return None
    param = "invoice_creation[invoice_data][custom_fields]"
    if not isinstance(value, list) or len(value) > MAX_CUSTOM_FIELDS:
        raise ApiError(400, f"Invalid array: at most {MAX_CUSTOM_FIELDS} custom fields", param=param)
    fields = []
    for index, field in enumerate(value):
        prefix = f"{param}[{index}]"
        if not isinstance(field, dict):
            raise ApiError(400, "Invalid hash", param=prefix)
        check_known(field, frozenset({"name", "value"}), prefix)
        name = string_param(field, "name", f"{prefix}[name]", required=True, max_length=40)
        text = string_param(field, "value", f"{prefix}[value]", required=True, max_length=140)
        fields.append({"name": name, "value": text})
    return fields


def _invoice_creation(params: dict) -> dict:
    creation = _hash(params, "invoice_creation") or {}
    check_known(creation, frozenset({"enabled", "invoice_data"}), "invoice_creation")
    enabled = bool(creation) and _boolean(creation, "enabled", "invoice_creation[enabled]", required=True)
    data = _hash(creation, "invoice_data") or {}
    check_known(data, _INVOICE_DATA, "invoice_creation[invoice_data]")
    prefix = "invoice_creation[invoice_data]"
    return {
        "enabled": enabled,
        "invoice_data": {
            "account_tax_ids": data.get("account_tax_ids") or None,
            "custom_fields": _custom_fields(data),
            "description": string_param(data, "description", f"{prefix}[description]", max_length=1500),
            "footer": string_param(data, "footer", f"{prefix}[footer]", max_length=5000),
            "issuer": None,
            "metadata": metadata_param(data, f"{prefix}[metadata]"),
            "rendering_options": None,
        },
    }


def session_options(params: dict) -> dict:
    """The session's `invoice_creation`, `tax_id_collection`, `automatic_tax` and
    `billing_address_collection`, from the parameters, checked as Stripe checks them."""
    collection = _hash(params, "tax_id_collection") or {}
    check_known(collection, frozenset({"enabled", "required"}), "tax_id_collection")
    required = string_param(collection, "required", "tax_id_collection[required]") or "never"
    if required not in ("never", "if_supported"):
        raise ApiError(400, f"Invalid tax_id_collection[required]: {required}", param="tax_id_collection")
    tax = _hash(params, "automatic_tax") or {}
    check_known(tax, frozenset({"enabled", "liability"}), "automatic_tax")
    tax_enabled = bool(tax) and _boolean(tax, "enabled", "automatic_tax[enabled]", required=True)
    address = string_param(params, "billing_address_collection", "billing_address_collection")
    if address not in (None, "auto", "required"):
        raise ApiError(
            400, f"Invalid billing_address_collection: {address}", param="billing_address_collection"
        )
    return {
        "automatic_tax": {
            "enabled": tax_enabled,
            "liability": {"type": "self"} if tax_enabled else None,
            "provider": "stripe" if tax_enabled else None,
            "status": "complete" if tax_enabled else None,
        },
        "billing_address_collection": address,
        "invoice": None,
        "invoice_creation": _invoice_creation(params),
        "tax_id_collection": {
            "enabled": bool(collection)
            and _boolean(collection, "enabled", "tax_id_collection[enabled]", required=True),
            "required": required,
        },
    }


def customer_details(session: dict, email: str | None, given: dict | None) -> dict:
    """The completed session's `customer_details`: the e-mail, and what the buyer gave on the page (a name,
    an address) with, when the session collects tax IDs, the business name and its tax ID."""
    given = given or {}
    collects = (session.get("tax_id_collection") or {}).get("enabled")
    business_name = (given.get("business_name") or None) if collects else None
    tax_ids = [dict(tax_id) for tax_id in given.get("tax_ids") or []] if collects else []
    return {
        "address": copy.deepcopy(given.get("address")) or None,
        "business_name": business_name,
        "email": email,
        "individual_name": None,
        "name": given.get("name") or business_name,
        "phone": None,
        "tax_exempt": "none",
        "tax_ids": tax_ids,
    }


def invoice_for(state: State, session: dict, line_items: list[dict]) -> str | None:
    """The paid invoice of a session just completed, when it asked for one (with the Customer Checkout
    creates for it): its id, or None. The caller holds `state.lock`."""
    creation = session.get("invoice_creation") or {}
    if not creation.get("enabled"):
        return None
    details = session["customer_details"] or {}
    now = int(time.time())
    customer_id, invoice_id = new_id("cus_"), new_id("in_")
    state.customers[customer_id] = {
        "id": customer_id,
        "object": "customer",
        "address": details.get("address"),
        "created": now,
        "email": details.get("email"),
        "livemode": False,
        "metadata": {},
        "name": details.get("business_name") or details.get("name"),
    }
    data = creation.get("invoice_data") or {}
    state.invoice_count += 1
    base = f"{state.public_url}/invoice/{invoice_id}"
    state.invoices[invoice_id] = {
        "id": invoice_id,
        "object": "invoice",
        "amount_due": session["amount_total"],
        "amount_paid": session["amount_total"],
        "amount_remaining": 0,
        "billing_reason": "manual",
        "collection_method": "charge_automatically",
        "created": now,
        "currency": session["currency"],
        "custom_fields": copy.deepcopy(data.get("custom_fields")),
        "customer": customer_id,
        "customer_address": copy.deepcopy(details.get("address")),
        "customer_email": details.get("email"),
        "customer_name": details.get("business_name") or details.get("name"),
        "customer_tax_ids": [dict(tax_id) for tax_id in details.get("tax_ids") or []],
        "description": data.get("description"),
        "footer": data.get("footer"),
        "hosted_invoice_url": base,
        "invoice_pdf": f"{base}/pdf",
        "lines": {
            "object": "list",
            "data": [
                {
                    "description": item["description"],
                    "amount": item["amount_total"],
                    "quantity": item["quantity"],
                }
                for item in line_items
            ],
            "has_more": False,
        },
        "livemode": False,
        "metadata": dict(data.get("metadata") or {}),
        "number": f"STANDIN-{state.invoice_count:04d}",
        "status": "paid",
        "status_transitions": {"finalized_at": now, "paid_at": now},
        "subtotal": session["amount_subtotal"],
        "total": session["amount_total"],
    }
    session["customer"] = customer_id
    session["invoice"] = invoice_id
    return invoice_id


def retrieve(state: State, invoice_id: str, params: dict, ctx: RequestContext) -> dict:
    check_known(params, frozenset({"expand"}))
    with state.lock:
        invoice = state.invoices.get(invoice_id)
        if invoice is None:
            raise no_such("invoice", invoice_id)
        return state.expanded(invoice, expand_paths(params))


def hosted_view(state: State, invoice_id: str) -> dict | None:
    """The invoice for its hosted page and PDF, or None if there is no such invoice."""
    with state.lock:
        invoice = state.invoices.get(invoice_id)
        return copy.deepcopy(invoice) if invoice is not None else None
