"""Every kind of lesson block renders for the learner."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image
from wagtailmedia.models import Media

from .. import factories


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (31, 111, 67)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_lesson_with_every_block_renders(client, tree, public_material):
    image = Image.objects.create(title="Secado de café", file=ContentFile(png_bytes(), "secado.png"))
    video = Media.objects.create(
        title="Asamblea", type="video", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", "asamblea.mp4")
    )
    # The oEmbed answer, as Wagtail caches it: no request leaves the machine.
    Embed.objects.create(
        hash=get_embed_hash("https://www.youtube.com/watch?v=demo"),
        url="https://www.youtube.com/watch?v=demo",
        max_width=None,
        type="video",
        html='<iframe title="Demo" src="https://www.youtube-nocookie.com/embed/demo"></iframe>',
    )
    course = factories.CoursePageFactory(parent=tree.courses)
    lesson = factories.LessonPageFactory(
        parent=course,
        body=[
            ("heading", {"text": "Antes de la asamblea", "level": "h2"}),
            ("text", "<p>Convoca con quince días de anticipación.</p>"),
            ("image", {"image": image, "alt_text": "Café secándose al sol", "decorative": False}),
            ("video", {"video": video, "caption": "Una asamblea real", "transcript": "<p>Transcripción</p>"}),
            ("embed", {"url": "https://www.youtube.com/watch?v=demo", "caption": "Resumen"}),
            ("material", {"material": public_material, "note": "Léela antes"}),
            ("callout", {"kind": "tip", "text": "<p>Publica el orden del día.</p>"}),
            (
                "quiz",
                {
                    "title": "¿Qué aprendiste?",
                    "pass_mark": 50,
                    "questions": [
                        {
                            "prompt": "¿Quién aprueba el presupuesto?",
                            "choices": [{"text": "La asamblea", "correct": True}, {"text": "El gerente"}],
                            "explanation": "",
                        }
                    ],
                },
            ),
        ],
    )

    html = client.get(lesson.url).content.decode()

    assert "<h2>Antes de la asamblea</h2>" in html
    assert 'alt="Café secándose al sol"' in html and "srcset=" in html
    assert "asamblea" in html and "<video" in html and "Una asamblea real" in html
    assert "youtube-nocookie.com/embed/demo" in html
    assert public_material.url in html and "Léela antes" in html
    assert "callout-tip" in html and "¿Quién aprueba el presupuesto?" in html and "La asamblea" in html
