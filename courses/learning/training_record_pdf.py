"""The training record as a PDF (reportlab, like the certificate's, courses/learning/certificate_pdf.py): A4,
in the language of whoever produced it, for an organisation's Fairtrade audits.

It states the organisation (name, kind, country), the period, how many active members it has and what they
completed, then each member's completed courses with the completion date, the hours and the certificate's
code; each certificate's code links to its public verification page naming the organisation, and the same
address is its QR code. It is signed off with the moment it was produced (the network's time zone, as
`when` writes it) and who produced it; every page says which record it belongs to and its number.

Drawn with the standard Helvetica fonts (Windows-1252 covers Spanish and Portuguese), so the words are plain
strings in the content streams, where the tests read them.
"""

from __future__ import annotations

import io
import itertools
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import black
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from portal.time_zones import when

from .certificate_pdf import BOLD, EARTH, GREEN, INK, MUTED, REGULAR
from .training_record import TrainingRecord

MARGIN = 42
QR_SIZE = 58
LINE = EARTH.clone(alpha=0.35)

STYLES = {
    "brand": ParagraphStyle("brand", fontName=BOLD, fontSize=12, leading=15, textColor=GREEN),
    "title": ParagraphStyle("title", fontName=BOLD, fontSize=22, leading=27, textColor=INK, spaceBefore=4),
    "organisation": ParagraphStyle("organisation", fontName=BOLD, fontSize=15, leading=19, textColor=GREEN),
    "text": ParagraphStyle("text", fontName=REGULAR, fontSize=10, leading=13.5, textColor=INK),
    "muted": ParagraphStyle("muted", fontName=REGULAR, fontSize=9, leading=12, textColor=MUTED),
    "member": ParagraphStyle(
        "member", fontName=BOLD, fontSize=12, leading=15, textColor=INK, spaceBefore=12, spaceAfter=4
    ),
    "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=9.5, leading=12, textColor=INK),
    "head": ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=11, textColor=MUTED),
    "number": ParagraphStyle("number", fontName=REGULAR, fontSize=9.5, leading=12, alignment=TA_RIGHT),
    "code": ParagraphStyle("code", fontName=REGULAR, fontSize=9, leading=12, textColor=GREEN),
}


class QrCode(Flowable):
    """An address as a QR code (error correction M, a quiet zone of four modules), `size` points square,
    drawn straight on the page as one path. Encoded once, with a fixed mask pattern: any of the eight is
    valid, and choosing the "best" one (what reportlab's QR widget does, more than once per code) tries all
    eight, which made a record of 2,000 certificates take minutes."""

    BORDER = 4

    def __init__(self, url: str, size: float):
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(url)
        code.version = code.calculate_version()
        code.makeImpl(False, 0)
        self.modules = [[bool(module) for module in row] for row in code.modules]
        self.width = self.height = size

    def draw(self):
        box = self.width / (len(self.modules) + 2 * self.BORDER)
        path = self.canv.beginPath()
        for number, row in enumerate(self.modules):
            column = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    y = self.height - (number + self.BORDER + 1) * box
                    path.rect((column + self.BORDER) * box, y, length * box, box * 1.02)
                column += length
        self.canv.setFillColor(black)
        self.canv.drawPath(path, stroke=0, fill=1)


def hours_text(hours: Decimal) -> str:
    return formats.number_format(int(hours) if hours == int(hours) else hours, use_l10n=True)


def filename(record: TrainingRecord) -> str:
    with translation.override(record.language):
        word = gettext("training record")
    return (
        f"{slugify(word)}-{slugify(record.organisation.name)[:50]}-"
        f"{record.start.isoformat()}-{record.end.isoformat()}.pdf"
    )


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


def _facts(record: TrainingRecord) -> Table:
    rows = [
        (gettext("Confirmed members"), str(record.active_members)),
        (gettext("Members who completed a course"), str(len(record.members))),
        (gettext("Courses completed"), str(record.completions)),
        (gettext("Hours of training"), hours_text(record.hours)),
    ]
    table = Table([[_p(label, "text"), _p(value, "number")] for label, value in rows], colWidths=[200, 60])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -2), 0.5, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def _member_table(member) -> Table:
    heading = [
        _p(gettext("Course"), "head"),
        _p(gettext("Completed on"), "head"),
        Paragraph(escape(gettext("Hours")), STYLES["head"].clone("head-right", alignment=TA_RIGHT)),
        _p(gettext("Certificate code"), "head"),
        "",
    ]
    rows = [heading]
    for line in member.lines:
        if line.certificate is not None:
            address, shown = escape(line.verification_url), line.certificate.display_code
            code = Paragraph(f'<a href="{address}" color="#1f6f43"><u>{shown}</u></a>', STYLES["code"])
            qr = QrCode(line.verification_url, QR_SIZE)
        else:
            code, qr = _p(gettext("No certificate yet: the learner's full name is missing."), "muted"), ""
        rows.append(
            [
                _p(line.course_title, "cell"),
                _p(formats.date_format(line.completed_on, "DATE_FORMAT"), "cell"),
                _p(hours_text(line.hours), "number"),
                code,
                qr,
            ]
        )
    width = A4[0] - 2 * MARGIN
    table = Table(rows, colWidths=[width - 326, 90, 40, 130, QR_SIZE + 8], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ]
        )
    )
    return table


def _sign_off(record: TrainingRecord) -> list:
    values = {
        "when": when(record.produced_at),
        "name": record.produced_by,
        "organisation": record.organisation.name,
    }
    if record.produced_as_manager:
        produced = gettext("Produced on %(when)s by %(name)s, manager of %(organisation)s.") % values
    else:
        produced = gettext("Produced on %(when)s by %(name)s, learning coordinator of the network.") % values
    with translation.override(record.language):
        search = settings.PORTAL_BASE_URL + reverse("courses:certificate_search")
    check = gettext(
        "Each certificate code opens its public verification page, which confirms that it was issued to a "
        "member of this organisation: scan its QR code, or type the code at %(address)s."
    ) % {"address": search}
    return [Spacer(1, 14), _p(produced, "text"), Spacer(1, 4), _p(check, "muted")]


def _story(record: TrainingRecord) -> list:
    period = gettext("Period: %(start)s to %(end)s") % {
        "start": formats.date_format(record.start, "DATE_FORMAT"),
        "end": formats.date_format(record.end, "DATE_FORMAT"),
    }
    organisation = record.organisation
    story = [
        _p("Cla@se", "brand"),
        _p(gettext("Training record"), "title"),
        Spacer(1, 6),
        _p(organisation.name, "organisation"),
        _p(f"{organisation.get_kind_display()} · {organisation.country_label}", "text"),
        _p(period, "text"),
        Spacer(1, 10),
        _facts(record),
        Spacer(1, 6),
    ]
    if not record.members:
        story.append(_p(gettext("No member completed a course in this period."), "text"))
    for member in record.members:
        story.append(KeepTogether([_p(member.name, "member"), _member_table(member)]))
    return story + _sign_off(record)


def _numbered_canvas(footer):
    """A canvas that writes `footer(page, pages)` at the foot of each page once the number of pages is
    known (the story is laid out first, then the pages are written)."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 — reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(REGULAR, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, MARGIN / 2, footer(number, total))
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(record: TrainingRecord) -> bytes:
    buffer = io.BytesIO()
    organisation = record.organisation.name
    period = {"organisation": organisation}

    def footer(page: int, pages: int) -> str:
        return gettext(
            "Training record of %(organisation)s, %(start)s to %(end)s · page %(page)s of %(pages)s"
        ) % {
            **period,
            "page": page,
            "pages": pages,
        }

    with translation.override(record.language):
        period.update(
            start=formats.date_format(record.start, "SHORT_DATE_FORMAT"),
            end=formats.date_format(record.end, "SHORT_DATE_FORMAT"),
        )
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"{gettext('Training record')} · {organisation}",
            author="Cla@se",
            subject=gettext("Training record"),
            pageCompression=1,
        )
        document.build(_story(record), canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()
