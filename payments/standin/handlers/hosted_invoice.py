"""`/invoice/<invoice id>` and `/invoice/<invoice id>/pdf`: where an invoice's `hosted_invoice_url` and
`invoice_pdf` lead (the HTML and the PDF are invoice_page.py's). Like Stripe's links, they need no key."""

from __future__ import annotations

from ..invoice_page import invoice_html, invoice_pdf
from ..resources.invoices import hosted_view


def show(request, invoice_id):
    invoice = hosted_view(request.standin.state, invoice_id)
    if invoice is None:
        return request.answer(404, b"No such invoice\n", "text/plain; charset=utf-8")
    request.answer_html(200, invoice_html(invoice))


def pdf(request, invoice_id):
    invoice = hosted_view(request.standin.state, invoice_id)
    if invoice is None:
        return request.answer(404, b"No such invoice\n", "text/plain; charset=utf-8")
    request.answer(
        200,
        invoice_pdf(invoice),
        "application/pdf",
        {"Content-Disposition": f'inline; filename="{invoice["number"]}.pdf"'},
    )
