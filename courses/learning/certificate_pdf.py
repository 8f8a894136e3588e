"""The certificate PDF (reportlab): one A4 landscape page, written in the certificate's language, stating
exactly what the public verification page states (courses/learning/services.py copies those facts when it
issues the certificate), with the code and the verification address in words and as a QR code.

Drawn with the standard Helvetica fonts, whose Windows-1252 encoding covers Spanish and Portuguese, so
the words are plain strings in the page's (compressed) content stream, where the tests read them.
"""

from __future__ import annotations

import io

from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from .certificates import verification_url
from .models import Certificate

GREEN = HexColor("#1f6f43")
EARTH = HexColor("#8a5a2b")
INK = HexColor("#1d2320")
MUTED = HexColor("#5b6660")
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
QR_SIZE = 92


def hours_text(certificate: Certificate) -> str:
    hours = certificate.hours_number
    count = hours if isinstance(hours, int) else 2  # 1.5, 0.5: plural in Spanish, English and Portuguese
    return ngettext("%(hours)s hour", "%(hours)s hours", count) % {"hours": formats.number_format(hours)}


def qr_code(url: str, size: float) -> Drawing:
    """The address as a QR code (error correction M) of `size` points square: a drawing for a canvas or, as
    a flowable, for a table (the training record's, courses/learning/training_record_pdf.py)."""
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def filename(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        word = gettext("certificate")
    return f"{slugify(word)}-{slugify(certificate.course_title)[:60]}-{certificate.code[:4].lower()}.pdf"


def certificate_lines(certificate: Certificate) -> dict[str, str]:
    """The words of the certificate, in its language (also what the e-mail and the tests read)."""
    with translation.override(certificate.language):
        return {
            "heading": gettext("Certificate of completion"),
            "certifies": gettext("This certifies that"),
            "name": certificate.learner_name,
            "organisation": certificate.organisation_name,
            "completed": gettext("has completed the course"),
            "course": certificate.course_title,
            "facts": gettext("%(hours)s · completed on %(date)s")
            % {
                "hours": hours_text(certificate),
                "date": formats.date_format(certificate.completed_on, "DATE_FORMAT"),
            },
            "contributors": (
                gettext("Contributors: %(names)s") % {"names": certificate.contributors}
                if certificate.contributors
                else ""
            ),
            "licence": (
                gettext("Course material licence: %(licence)s") % {"licence": certificate.licence_name}
                if certificate.licence_name
                else ""
            ),
            "attribution": certificate.attribution,
            "code": gettext("Certificate code: %(code)s") % {"code": certificate.display_code},
            "verify": gettext("Check it at:"),
            "url": verification_url(certificate),
        }


def _centred(pdf, lines: list[str], top: float, font: str, size: float, colour, width: float) -> float:
    """Draw wrapped text centred on the page, its first line just below `top`; return the y below it."""
    centre = landscape(A4)[0] / 2
    baseline = top - size
    for line in lines:
        for part in simpleSplit(line, font, size, width) or [""]:
            pdf.setFont(font, size)
            pdf.setFillColor(colour)
            pdf.drawCentredString(centre, baseline, part)
            baseline -= size * 1.25
    return baseline + size * 1.25 - size * 0.35


def render_pdf(certificate: Certificate) -> bytes:
    words = certificate_lines(certificate)
    buffer = io.BytesIO()
    page_width, page_height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(page_width, page_height), pageCompression=1)
    pdf.setTitle(f"{words['heading']} · {certificate.course_title}")
    pdf.setAuthor("Cla@se")
    pdf.setSubject(words["code"])

    # A double frame in the portal's colours.
    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(4)
    pdf.rect(24, 24, page_width - 48, page_height - 48)
    pdf.setStrokeColor(EARTH)
    pdf.setLineWidth(1)
    pdf.rect(34, 34, page_width - 68, page_height - 68)

    text_width = page_width - 160
    y = page_height - 64
    y = _centred(pdf, ["Cla@se"], y, BOLD, 16, GREEN, text_width) - 10
    y = _centred(pdf, [words["heading"]], y, BOLD, 28, INK, text_width) - 22
    y = _centred(pdf, [words["certifies"]], y, REGULAR, 13, MUTED, text_width) - 10
    y = _centred(pdf, [words["name"]], y, BOLD, 26, INK, text_width) - 6
    if words["organisation"]:
        y = _centred(pdf, [words["organisation"]], y, REGULAR, 13, INK, text_width) - 4
    y = _centred(pdf, [words["completed"]], y - 10, REGULAR, 13, MUTED, text_width) - 8
    y = _centred(pdf, [words["course"]], y, BOLD, 20, GREEN, text_width) - 8
    y = _centred(pdf, [words["facts"]], y, REGULAR, 13, INK, text_width) - 18
    small = [words[key] for key in ("contributors", "licence", "attribution") if words[key]]
    _centred(pdf, small, y, REGULAR, 9, MUTED, text_width - 160)

    # The code and where to check it, bottom left; the same address as a QR code, bottom right.
    left, bottom = 56, 58
    pdf.setFillColor(INK)
    pdf.setFont(BOLD, 11)
    pdf.drawString(left, bottom + 30, words["code"])
    pdf.setFont(REGULAR, 9)
    pdf.drawString(left, bottom + 15, words["verify"])
    pdf.setFillColor(GREEN)
    pdf.drawString(left, bottom, words["url"])
    pdf.linkURL(words["url"], (left, bottom - 2, left + 400, bottom + 10), relative=0)
    renderPDF.draw(qr_code(words["url"], QR_SIZE), pdf, page_width - 56 - QR_SIZE, bottom - 10)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
