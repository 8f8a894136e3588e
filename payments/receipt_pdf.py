"""The receipt of a paid order as a PDF (reportlab): one A4 page, in the buyer's language, naming the seller
(legal name, address and tax ID from the site settings) and the buyer (organisation, tax ID and address as
Stripe Checkout collected them), the item, the amount, the moment it was paid (in the network's time zone,
named) and the order's reference.

It is what an NGO or a university files to be reimbursed, next to the invoice Stripe issues for the same
payment. Drawn like the certificate (courses/learning/certificate_pdf.py): the standard Helvetica fonts,
whose Windows-1252 encoding covers Spanish and Portuguese, so the words are plain strings in the page's
(compressed) content stream, where the tests read them.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from courses.currencies import money
from portal.time_zones import when

from . import billing
from .models import Order

GREEN = HexColor("#1f6f43")
EARTH = HexColor("#8a5a2b")
INK = HexColor("#1d2320")
MUTED = HexColor("#5b6660")
RULE = HexColor("#c9d1cc")
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
MARGIN = 56
PORTAL_NAME = "Cla@se"


def filename(order: Order, language: str) -> str:
    with translation.override(language):
        word = gettext("receipt")
    return f"{slugify(word)}-{order.reference}.pdf"


def _money(order: Order, amount) -> str:
    return money(amount, order.currency)


def receipt_words(order: Order, language: str) -> dict:
    """The words of the receipt in `language` (also what the tests read)."""
    seller = billing.seller()
    with translation.override(language):
        paid_on = when(order.paid_at) if order.paid_at else when(timezone.localdate())
        words = {
            "heading": gettext("Receipt"),
            "reference": gettext("Order %(reference)s") % {"reference": order.reference},
            "date": gettext("Paid on %(date)s") % {"date": paid_on},
            "seller_heading": gettext("Sold by"),
            "seller": [seller.legal_name or PORTAL_NAME, *seller.address],
            "buyer_heading": gettext("Billed to"),
            "buyer": billing.buyer_lines(order),
            "item_heading": gettext("Item"),
            "amount_heading": gettext("Amount"),
            "item": order.item_title,
            "amount": _money(order, order.amount),
            "total": gettext("Total paid"),
            "tax": (
                gettext("Of which tax: %(amount)s") % {"amount": _money(order, order.amount_tax)}
                if order.amount_tax
                else ""
            ),
            "refunded": (
                gettext("Refunded since: %(amount)s") % {"amount": _money(order, order.amount_refunded)}
                if order.amount_refunded
                else ""
            ),
            "payment": gettext("Paid by card through Stripe; the portal never sees the card."),
            "licence": (
                gettext("Licence: %(licence)s") % {"licence": order.licence} if order.licence_id else ""
            ),
            "invoice": (
                gettext("Stripe also issued an invoice for this payment: it is under My purchases.")
                if order.stripe_invoice_id
                else ""
            ),
            "footer": gettext("Issued by %(portal)s · %(address)s")
            % {"portal": PORTAL_NAME, "address": settings.PORTAL_BASE_URL},
        }
        if seller.tax_id:
            words["seller"].append(gettext("Tax ID: %(tax_id)s") % {"tax_id": seller.tax_id})
    return words


def _lines(pdf, lines: list[str], x: float, y: float, width: float, font=REGULAR, size=10.0, colour=INK):
    """Draw wrapped lines from the top at `y`; return the y below them."""
    for line in lines:
        for part in simpleSplit(line, font, size, width) or [""]:
            y -= size * 1.35
            pdf.setFont(font, size)
            pdf.setFillColor(colour)
            pdf.drawString(x, y, part)
    return y


def _party(pdf, heading: str, lines: list[str], x: float, y: float, width: float) -> float:
    y = _lines(pdf, [heading.upper()], x, y, width, BOLD, 8.5, EARTH)
    y = _lines(pdf, lines[:1], x, y - 2, width, BOLD, 11)
    return _lines(pdf, lines[1:], x, y, width)


def render_pdf(order: Order, language: str) -> bytes:
    words = receipt_words(order, language)
    buffer = io.BytesIO()
    page_width, page_height = A4
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{words['heading']} · {order.reference}")
    pdf.setAuthor(PORTAL_NAME)
    pdf.setSubject(order.item_title)
    right = page_width - MARGIN
    text_width = right - MARGIN

    # The portal's name and the document's, with its reference and date, over a rule in the house green.
    top = page_height - MARGIN
    pdf.setFillColor(GREEN)
    pdf.setFont(BOLD, 18)
    pdf.drawString(MARGIN, top - 18, PORTAL_NAME)
    pdf.setFillColor(INK)
    pdf.setFont(BOLD, 20)
    pdf.drawRightString(right, top - 18, words["heading"])
    pdf.setFont(REGULAR, 10)
    pdf.drawRightString(right, top - 34, words["reference"])
    pdf.drawRightString(right, top - 48, words["date"])
    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(2)
    pdf.line(MARGIN, top - 60, right, top - 60)

    # Seller and buyer side by side.
    column = (text_width - 24) / 2
    y = top - 78
    below_seller = _party(pdf, words["seller_heading"], words["seller"], MARGIN, y, column)
    below_buyer = _party(pdf, words["buyer_heading"], words["buyer"], MARGIN + column + 24, y, column)
    y = min(below_seller, below_buyer) - 28

    # What was bought and what was paid.
    amount_column = 130
    pdf.setFillColor(MUTED)
    pdf.setFont(BOLD, 9)
    pdf.drawString(MARGIN, y, words["item_heading"].upper())
    pdf.drawRightString(right, y, words["amount_heading"].upper())
    pdf.setStrokeColor(RULE)
    pdf.setLineWidth(1)
    pdf.line(MARGIN, y - 6, right, y - 6)
    item_bottom = _lines(pdf, [words["item"]], MARGIN, y - 8, text_width - amount_column, size=11)
    pdf.setFont(REGULAR, 11)
    pdf.drawRightString(right, y - 8 - 11 * 1.35, words["amount"])
    y = item_bottom - 10
    pdf.line(MARGIN, y, right, y)
    pdf.setFont(BOLD, 12)
    pdf.drawString(MARGIN, y - 18, words["total"])
    pdf.drawRightString(right, y - 18, words["amount"])
    y -= 24
    notes = [words[key] for key in ("tax", "refunded") if words[key]]
    y = _lines(pdf, notes, MARGIN, y, text_width, size=10, colour=MUTED) - 18

    # How it was paid, under which licence, and where Stripe's own invoice is.
    facts = [words[key] for key in ("payment", "licence", "invoice") if words[key]]
    _lines(pdf, facts, MARGIN, y, text_width, size=9.5, colour=MUTED)

    pdf.setStrokeColor(RULE)
    pdf.line(MARGIN, MARGIN + 14, right, MARGIN + 14)
    pdf.setFillColor(MUTED)
    pdf.setFont(REGULAR, 8.5)
    pdf.drawString(MARGIN, MARGIN, words["footer"])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
