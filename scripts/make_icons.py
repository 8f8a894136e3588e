"""Draw the installable web app's icons (static/icons/) from the logo: "Cla@se" is a word, so the icon is its
"@" in white on the header's green, as phones show it on the home screen. Run once when the logo changes, and
commit the PNG files (nothing draws them at run time):

    .venv/bin/python scripts/make_icons.py

The "maskable" icon keeps the letter inside the middle 80 % (the safe zone Android crops to a circle or a
rounded square); the others fill a rounded square of their own.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "icons"
GREEN = (31, 111, 67)  # --green in static/css/portal.css
WHITE = (255, 255, 255)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SCALE = 4  # drawn larger, then reduced: smooth edges without anti-aliasing of its own


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # the whole square: the launcher cuts its own shape
        draw.rectangle((0, 0, big, big), fill=GREEN)
        letter_share = 0.56
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=GREEN)
        letter_share = 0.72
    font = ImageFont.truetype(FONT, int(big * letter_share))
    left, top, right, bottom = draw.textbbox((0, 0), "@", font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    draw.text((x, y), "@", font=font, fill=WHITE)
    # Two colours and their blend at the edges: a palette of 32 keeps the file a few kilobytes.
    return image.resize((size, size), Image.Resampling.LANCZOS).quantize(32, Image.Quantize.FASTOCTREE)


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        icon(size, maskable=False).save(TARGET / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(TARGET / "icon-maskable-512.png", optimize=True)
    icon(180, maskable=True).save(TARGET / "apple-touch-icon.png", optimize=True)
    for path in sorted(TARGET.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
