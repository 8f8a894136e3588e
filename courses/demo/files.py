"""Files generated for the demo: the materials' PDFs (reportlab) and the courses' cover images (Pillow)."""

import io
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer


def material_pdf(
    *,
    title: str,
    subtitle: str,
    paragraphs: list[str],
    outline: list[str],
    network: str,
    labels: dict[str, str],
) -> bytes:
    """A short, real PDF: title, the file's title, the description and a table of contents."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        subject=subtitle,
        author=network,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
    )
    styles = getSampleStyleSheet()
    story = [
        Paragraph(escape(network), styles["Normal"]),
        Spacer(1, 0.6 * cm),
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(subtitle), styles["Heading3"]),
        Spacer(1, 0.4 * cm),
        *(Paragraph(escape(paragraph), styles["BodyText"]) for paragraph in paragraphs),
    ]
    if outline:
        story += [
            Paragraph(escape(labels["contents"]), styles["Heading2"]),
            ListFlowable(
                [ListItem(Paragraph(escape(item), styles["BodyText"])) for item in outline], bulletType="1"
            ),
        ]

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2.5 * cm, 1.5 * cm, f"{labels['footer']} · {labels['page']} {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def cover_png(colour: tuple[int, int, int], width: int = 1200, height: int = 675) -> bytes:
    """A plain cover: a vertical gradient from the course's colour with a few soft circles."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * 0.35 * shade) for c in colour))
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    circles = ImageDraw.Draw(overlay)
    for index, radius in enumerate((260, 170, 110)):
        x, y = width - 220 - index * 230, 140 + index * 170
        circles.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(255, 255, 255, 40))
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
