"""Licence notices on delivered PDFs: a first page with the full notice, and (unless the licence forbids
changes) a one-line footer on every page naming the licensee, the date, the attribution and the licence.

Built on pikepdf: the original pages are copied as they are and only get an extra content stream drawn
on top, so stamping costs milliseconds and never re-renders the document.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import pikepdf

FOOTER_SIZE = 7
FOOTER_LEADING = 9
NOTICE_SIZE = 11
MARGIN = 36


def _pdf_text(text: str) -> bytes:
    """A PDF string literal for the standard fonts (WinAnsi covers Spanish and Portuguese)."""
    encoded = text.encode("cp1252", errors="replace")
    return b"(" + encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )


def _notice_page(pdf: pikepdf.Pdf, font, lines: Sequence[str], width: float, height: float):
    commands = [b"BT", b"/ClaseF %d Tf" % NOTICE_SIZE, b"%d %d Td" % (MARGIN * 2, height - MARGIN * 3)]
    commands.append(b"%d TL" % int(NOTICE_SIZE * 1.5))
    for line in lines:
        for wrapped in textwrap.wrap(line, 85) or [""]:
            commands.append(_pdf_text(wrapped) + b" '")
    commands.append(b"ET")
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, width, height],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(ClaseF=font)),
        Contents=pdf.make_stream(b"\n".join(commands)),
    )
    return pikepdf.Page(page)


def stamp_pdf(original: bytes, *, footer: str, notice: Sequence[str], may_change: bool) -> bytes:
    """Return the PDF with a notice page first and, when the licence allows changes, a footer on each page
    (one line per line of `footer`)."""
    with pikepdf.open(io.BytesIO(original)) as pdf:
        font = _font(pdf)
        first = pdf.pages[0].mediabox if len(pdf.pages) else [0, 0, 595, 842]
        width, height = float(first[2]) - float(first[0]), float(first[3]) - float(first[1])
        if may_change:
            lines = footer.splitlines()
            # The last line sits 14 pt above the bottom edge; earlier lines stack above it.
            footer_stream = b"BT /ClaseF %d Tf %d TL %d %d Td" % (
                FOOTER_SIZE,
                FOOTER_LEADING,
                MARGIN,
                14 + FOOTER_LEADING * (len(lines) - 1),
            )
            footer_stream += b"".join(b" " + _pdf_text(line) + b" Tj T*" for line in lines) + b" ET"
            for page in pdf.pages:
                resources = page.obj.get(pikepdf.Name.Resources)
                if resources is None:
                    page.obj[pikepdf.Name.Resources] = resources = pikepdf.Dictionary()
                fonts = resources.get(pikepdf.Name.Font)
                if fonts is None:
                    resources[pikepdf.Name.Font] = fonts = pikepdf.Dictionary()
                fonts[pikepdf.Name.ClaseF] = font
                # Wrap the original drawing in q/Q so its graphics state cannot move or hide the footer.
                page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
                page.contents_add(pdf.make_stream(b"\nQ " + footer_stream + b"\n"))
        pdf.pages.insert(0, _notice_page(pdf, font, notice, width, height))
        output = io.BytesIO()
        pdf.save(output)
        return output.getvalue()
