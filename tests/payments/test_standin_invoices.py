"""The stand-in's invoices, driven by the real stripe SDK: Checkout Sessions that ask for an invoice and for
the buyer's tax ID, the hosted page's fields for an organisation, and the invoice with its links.
No database is needed."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
import stripe

from .test_standin import browse, control, pay, receiver, sdk, session_params, standin  # noqa: F401

INVOICED = {
    "invoice_creation": {
        "enabled": True,
        "invoice_data": {
            "metadata": {"order_reference": "CL-0017"},
            "custom_fields": [{"name": "Pedido", "value": "CL-0017"}],
        },
    },
    "tax_id_collection": {"enabled": True},
}
ORGANISATION = {
    "business_name": "Universidad Andina del Cusco",
    "tax_id_type": "pe_ruc",
    "tax_id": "20123456789",
    "address_line1": "Av. de la Cultura 733",
    "address_city": "Cusco",
}


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - the loopback stand-in
        return response.headers["Content-Type"], response.read()


def test_a_session_shows_the_invoice_tax_id_and_tax_options_it_was_created_with(sdk):  # noqa: F811
    session = sdk.v1.checkout.sessions.create(
        session_params(**INVOICED, automatic_tax={"enabled": True}, billing_address_collection="required")
    )

    assert session.invoice_creation.enabled is True
    assert session.invoice_creation.invoice_data.metadata.to_dict() == {"order_reference": "CL-0017"}
    assert session.invoice_creation.invoice_data.custom_fields[0].to_dict() == {
        "name": "Pedido",
        "value": "CL-0017",
    }
    assert session.tax_id_collection.to_dict() == {"enabled": True, "required": "never"}
    assert session.automatic_tax.enabled is True and session.automatic_tax.status == "complete"
    assert session.billing_address_collection == "required" and session.invoice is None
    plain = sdk.v1.checkout.sessions.create(session_params())
    assert plain.invoice_creation.enabled is False and plain.tax_id_collection.enabled is False


@pytest.mark.parametrize(
    "params, param",
    [
        ({"invoice_creation": {"invoice_data": {"footer": "x"}}}, "invoice_creation[enabled]"),
        ({"invoice_creation": {"enabled": True, "pdf": True}}, "invoice_creation[pdf]"),
        (
            {
                "invoice_creation": {
                    "enabled": True,
                    "invoice_data": {"custom_fields": [{"name": "N" * 41, "value": "v"}]},
                }
            },
            "invoice_creation[invoice_data][custom_fields][0][name]",
        ),
        ({"tax_id_collection": {"enabled": True, "required": "always"}}, "tax_id_collection"),
        ({"automatic_tax": {}}, None),
        ({"billing_address_collection": "sometimes"}, "billing_address_collection"),
    ],
    ids=["enabled-missing", "unknown-key", "custom-field-too-long", "required-unknown", "empty", "address"],
)
def test_invoice_parameters_are_checked_as_stripe_checks_them(sdk, params, param):  # noqa: F811
    if param is None:  # an empty hash is no hash at all, as form encoding sends it
        assert sdk.v1.checkout.sessions.create(session_params(**params)).automatic_tax.enabled is False
        return
    with pytest.raises(stripe.InvalidRequestError) as error:
        sdk.v1.checkout.sessions.create(session_params(**params))
    assert error.value.param == param


def test_the_hosted_page_asks_for_an_organisation_only_when_the_session_collects_tax_ids(sdk):  # noqa: F811
    plain = sdk.v1.checkout.sessions.create(session_params(locale="es-419"))
    invoiced = sdk.v1.checkout.sessions.create(session_params(locale="es-419", **INVOICED))

    assert "business_name" not in browse(plain.url)[2]
    html = browse(invoiced.url)[2]
    assert "¿Compra para una organización? (opcional)" in html
    assert '<label for="business_name">Razón social de la organización</label>' in html
    assert '<option value="pe_ruc">PE RUC</option>' in html
    assert 'id="business_name" name="business_name" value="" aria-describedby="business-hint"' in html


def test_an_organisation_started_but_not_finished_is_sent_back_to_be_completed(sdk, receiver):  # noqa: F811
    session = sdk.v1.checkout.sessions.create(session_params(**INVOICED))

    status, _, html = pay(session, business_name="Universidad Andina del Cusco")

    assert status == 400 and "Enter the organisation&#x27;s tax ID, or leave its name empty." in html
    assert 'value="Universidad Andina del Cusco"' in html  # what was typed stays
    assert receiver.requests == []


def test_paying_as_an_organisation_makes_the_paid_invoice_with_links_to_its_page_and_pdf(
    sdk,  # noqa: F811
    receiver,  # noqa: F811
):
    session = sdk.v1.checkout.sessions.create(session_params(**INVOICED))

    status, _, _ = pay(session, **ORGANISATION)

    assert status == 303
    [event] = receiver.events()
    details = event["data"]["object"]["customer_details"]
    assert details["business_name"] == "Universidad Andina del Cusco"
    assert details["tax_ids"] == [{"type": "pe_ruc", "value": "20123456789"}]
    assert details["address"]["country"] == "PE" and details["address"]["line1"] == "Av. de la Cultura 733"
    invoice_id = event["data"]["object"]["invoice"]
    assert invoice_id.startswith("in_") and event["data"]["object"]["customer"].startswith("cus_")

    invoice = sdk.v1.invoices.retrieve(invoice_id)
    assert (invoice.status, invoice.amount_paid, invoice.currency) == ("paid", 1500, "usd")
    assert invoice.customer_name == "Universidad Andina del Cusco"
    assert invoice.metadata.to_dict() == {"order_reference": "CL-0017"}
    content_type, page = fetch(invoice.hosted_invoice_url)
    assert content_type.startswith("text/html")
    assert "Universidad Andina del Cusco" in page.decode() and "PE RUC 20123456789" in page.decode()
    content_type, pdf = fetch(invoice.invoice_pdf)
    assert (
        content_type == "application/pdf" and pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    )
    assert b"Universidad Andina del Cusco" in pdf and b"Pedido: CL-0017" in pdf
    expanded = sdk.v1.checkout.sessions.retrieve(session.id, params={"expand": ["invoice"]})
    assert expanded.invoice.id == invoice_id


def test_a_person_gets_an_invoice_in_their_email_and_a_session_without_invoices_gets_none(
    sdk,  # noqa: F811
    standin,  # noqa: F811
    receiver,  # noqa: F811
):
    invoiced = sdk.v1.checkout.sessions.create(session_params(**INVOICED))
    plain = sdk.v1.checkout.sessions.create(session_params())

    pay(invoiced)
    pay(plain)

    first, second = (event["data"]["object"] for event in receiver.events())
    assert first["customer_details"]["business_name"] is None and first["customer_details"]["tax_ids"] == []
    assert sdk.v1.invoices.retrieve(first["invoice"]).customer_email == "ana@example.org"
    assert second["invoice"] is None and len(standin.state.invoices) == 1
    with pytest.raises(stripe.InvalidRequestError):
        sdk.v1.invoices.retrieve("in_missing")


def test_the_complete_control_pays_as_an_organisation(sdk, standin, receiver):  # noqa: F811
    session = sdk.v1.checkout.sessions.create(session_params(**INVOICED))

    query = "&".join(f"{key}={value}" for key, value in ORGANISATION.items() if key.startswith("tax"))
    paid = control(standin, f"/_standin/sessions/{session.id}/complete?business_name=Fondo&{query}&name=Rosa")

    assert paid["customer_details"]["business_name"] == "Fondo" and paid["customer_details"]["name"] == "Rosa"
    assert paid["customer_details"]["tax_ids"] == [{"type": "pe_ruc", "value": "20123456789"}]
    assert standin.state.invoices[paid["invoice"]]["customer_name"] == "Fondo"


def test_a_delayed_payment_gets_its_invoice_when_the_money_arrives(sdk, standin, receiver):  # noqa: F811
    session = sdk.v1.checkout.sessions.create(session_params(**INVOICED))

    unpaid = control(standin, f"/_standin/sessions/{session.id}/complete?method=delayed&{_organisation()}")
    assert unpaid["payment_status"] == "unpaid" and unpaid["invoice"] is None
    assert unpaid["customer_details"]["business_name"] == "Universidad Andina del Cusco"
    paid = control(standin, f"/_standin/sessions/{session.id}/delayed_payment/succeed")

    assert paid["payment_status"] == "paid" and paid["invoice"].startswith("in_")
    invoice = sdk.v1.invoices.retrieve(paid["invoice"])
    assert (invoice.status, invoice.customer_name) == ("paid", "Universidad Andina del Cusco")


def _organisation() -> str:
    return "&".join(f"{key}={urllib.parse.quote(value)}" for key, value in ORGANISATION.items())
