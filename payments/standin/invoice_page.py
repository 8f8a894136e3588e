"""The stand-in's invoice as a buyer opens it from `hosted_invoice_url` and `invoice_pdf`: a plain HTML
page and a one-page PDF written by hand (the stand-in uses the standard library only).

Both say plainly that this is a test stand-in's invoice, in English (Stripe renders invoices in the
customer's language; the stand-in's invoice is for checking the links, not for reading).
"""

from __future__ import annotations

import time
from html import escape

from .page import STRINGS, money


def _address_lines(address: dict | None) -> list[str]:
    address = address or {}
    parts = [address.get("line1"), address.get("line2")]
    parts.append(" ".join(filter(None, (address.get("postal_code"), address.get("city")))))
    parts.append(", ".join(filter(None, (address.get("state"), address.get("country")))))
    return [part for part in parts if part]


def invoice_lines(invoice: dict) -> list[str]:
    """The invoice's words, one line each: what the page and the PDF show."""
    paid = time.strftime("%Y-%m-%d", time.gmtime(invoice["status_transitions"]["paid_at"]))
    lines = [f"Invoice {invoice['number']}", f"Paid on {paid}", "", "Billed to:"]
    lines.append(invoice.get("customer_name") or invoice.get("customer_email") or "")
    lines += [
        f"{tax_id['type'].replace('_', ' ').upper()} {tax_id['value']}"
        for tax_id in invoice.get("customer_tax_ids") or []
    ]
    lines += _address_lines(invoice.get("customer_address"))
    if invoice.get("customer_name") and invoice.get("customer_email"):
        lines.append(invoice["customer_email"])
    lines.append("")
    for item in invoice["lines"]["data"]:
        lines.append(
            f"{item['description']} x {item['quantity']}: {money(item['amount'], invoice['currency'], 'en')}"
        )
    lines.append(f"Total paid: {money(invoice['amount_paid'], invoice['currency'], 'en')}")
    lines += [f"{field['name']}: {field['value']}" for field in invoice.get("custom_fields") or []]
    return lines


def invoice_html(invoice: dict) -> str:
    body = "".join(f"<p>{escape(line)}</p>\n" if line else "<hr>\n" for line in invoice_lines(invoice))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(invoice['number'])} · Test invoice</title>\n</head>\n<body>\n"
        f'<p role="note"><strong>TEST</strong> {escape(STRINGS["en"]["banner"])}</p>\n'
        f"<main>\n<h1>Test invoice</h1>\n{body}"
        f'<p><a href="{escape(invoice["invoice_pdf"])}">Download PDF</a></p>\n</main>\n</body>\n</html>\n'
    )


def _pdf_text(line: str) -> str:
    """A line as a PDF string in WinAnsi (Latin-1 here), with its special characters escaped."""
    text = line.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def invoice_pdf(invoice: dict) -> bytes:
    """One A4 page with the invoice's lines in Helvetica: a PDF any viewer opens."""
    lines = ["TEST - Stripe stand-in: nothing was charged", "", *invoice_lines(invoice)]
    text = "BT /F1 11 Tf 56 790 Td 15 TL " + " ".join(f"({_pdf_text(line)}) '" for line in lines) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
