"""Delivered PDFs carry the licence: a notice page, and a footer on each page unless changes are forbidden."""

import io

import pikepdf
from reportlab.pdfgen import canvas

from courses.licensing.stamping import stamp_pdf

NOTICE = [
    "Licencia: CC BY-NC 4.0",
    "«Guía de catación», de Fondo Solidario (2025).",
    "Entregado a Ana Quispe",
]
FOOTER = "Ana Quispe · Cooperativa Café Sierra Nevada · 23/11/2026 · «Guía de catación» · CC BY-NC 4.0"


def pdf_with_pages(count: int) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(count):
        document.drawString(72, 720, f"Página {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def page_streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [
            page.obj.Contents.read_bytes()
            if isinstance(page.obj.Contents, pikepdf.Stream)
            else b"".join(part.read_bytes() for part in page.obj.Contents)
            for page in pdf.pages
        ]


def test_every_page_gets_the_footer_and_a_notice_page_comes_first():
    stamped = stamp_pdf(pdf_with_pages(3), footer=FOOTER, notice=NOTICE, may_change=True)

    streams = page_streams(stamped)
    assert len(streams) == 4
    assert (
        "Ana Quispe".encode("cp1252") in streams[0]
        and "Licencia: CC BY-NC 4.0".encode("cp1252") in streams[0]
    )
    for number, stream in enumerate(streams[1:], start=1):
        assert f"gina {number}".encode() in stream  # reportlab writes "á" as an octal escape
        assert FOOTER.encode("cp1252") in stream


def test_under_no_derivatives_the_content_pages_are_untouched():
    original = pdf_with_pages(2)

    stamped = stamp_pdf(original, footer=FOOTER, notice=NOTICE, may_change=False)

    assert page_streams(stamped)[1:] == page_streams(original)
    assert "Licencia".encode("cp1252") in page_streams(stamped)[0]


def test_brackets_and_backslashes_in_names_do_not_break_the_pdf():
    stamped = stamp_pdf(
        pdf_with_pages(1), footer="Cooperativa (Perú) \\ 2026", notice=["(a) b\\c"], may_change=True
    )
    with pikepdf.open(io.BytesIO(stamped)) as pdf:
        assert len(pdf.pages) == 2
