"""PDF stamping benchmark: median time to stamp a 50-page PDF, against a plain pikepdf open-and-save of the
same file taken in the same run (these machines are noisy: read the ratio too).

    .venv/bin/python bench/stamp.py [--pages 50] [--runs 200]
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import pikepdf
from reportlab.pdfgen import canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from courses.licensing.stamping import stamp_pdf  # noqa: E402

NOTICE = [
    "Licencia: CC BY-NC 4.0",
    "«Guía de catación», de Fondo Solidario (2025).",
    "Entregado a Ana Quispe",
]
FOOTER = "Ana Quispe · Cooperativa Café Sierra Nevada · 23/11/2026 · «Guía de catación» · CC BY-NC 4.0"


def sample_pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        for line in range(40):
            document.drawString(
                72, 760 - line * 17, f"Página {number + 1}, línea {line + 1}: texto de la guía."
            )
        document.showPage()
    document.save()
    return buffer.getvalue()


def plain_copy(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        output = io.BytesIO()
        pdf.save(output)
        return output.getvalue()


def median_ms(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=200)
    options = parser.parse_args()
    data = sample_pdf(options.pages)
    reference = median_ms(lambda: plain_copy(data), options.runs)
    footer = median_ms(lambda: stamp_pdf(data, footer=FOOTER, notice=NOTICE, may_change=True), options.runs)
    notice = median_ms(lambda: stamp_pdf(data, footer=FOOTER, notice=NOTICE, may_change=False), options.runs)
    print(f"{options.pages}-page PDF ({len(data) // 1024} KB), median of {options.runs} runs")
    print(f"{'plain open + save (reference)':32} {reference:7.2f} ms")
    print(f"{'stamp: notice + footer':32} {footer:7.2f} ms  ({footer / reference:.2f} × reference)")
    print(f"{'stamp: notice only (no-deriv.)':32} {notice:7.2f} ms  ({notice / reference:.2f} × reference)")


if __name__ == "__main__":
    main()
