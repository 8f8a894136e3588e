"""Blocks of a lesson's body."""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock
from wagtailmedia.blocks import AudioChooserBlock, VideoChooserBlock

from portal.save_data import asks_to_save_data

from ..learning import quizzes
from ..licensing.models import licensing_prefetches
from . import media_addresses
from .players import addresses, embed_facade, file_size, media_type, prefetch_light_media, video_player

MAX_WAIT_MINUTES = 60 * 24 * 30  # a month


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"


def _saves_data(parent_context) -> bool:
    """Whether the reader saves data (portal/save_data.py), as the page's context already knows it."""
    if parent_context is None:
        return False
    if "save_data" in parent_context:
        return bool(parent_context["save_data"])
    request = parent_context.get("request")
    return asks_to_save_data(request) if request is not None else False


def _lesson_id(parent_context) -> int | None:
    """The lesson whose addresses name its media (courses/catalogue/media_addresses.py); None in a preview in
    the admin, where the editors' addresses serve (the lesson may not be saved, or not publish this video)."""
    if parent_context is None:
        return None
    request = parent_context.get("request")
    page = parent_context.get("page")
    if page is None or page.pk is None or getattr(request, "is_preview", False):
        return None
    return page.pk


class UploadedVideoBlock(blocks.StructBlock):
    video = VideoChooserBlock(
        label=_("Video file"),
        help_text=_(
            "A small version for phones is made from it once it is uploaded. Attach its captions on the "
            "video's own page (Media)."
        ),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    transcript = blocks.RichTextBlock(
        required=False, label=_("Transcript"), features=["bold", "italic", "ol", "ul"]
    )

    class Meta:
        icon = "media"
        label = _("Video (uploaded)")
        template = "courses/blocks/video.html"

    def bulk_to_python(self, values):
        # Each block offers its video's small rendition and captions: read them for all blocks at once.
        structs = super().bulk_to_python(values)
        prefetch_light_media([struct["video"] for struct in structs if struct.get("video") is not None])
        return structs

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value.get("video") is not None:
            context["player"] = video_player(
                value["video"],
                language=(get_language() or "es")[:2],
                saves_data=_saves_data(parent_context),
                lesson_id=_lesson_id(parent_context),
            )
        return context


class AudioBlock(blocks.StructBlock):
    audio = AudioChooserBlock(label=_("Audio file"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    transcript = blocks.RichTextBlock(
        required=False, label=_("Transcript"), features=["bold", "italic", "ol", "ul"]
    )

    class Meta:
        icon = "wagtailmedia-audio"
        label = _("Audio")
        template = "courses/blocks/audio.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        audio = value.get("audio")
        context["size"] = file_size(audio) if audio is not None else 0
        if audio is not None:
            context["audio_url"] = addresses(_lesson_id(parent_context))(audio, media_addresses.FULL)
            context["audio_type"] = media_type(audio)
        return context


class EmbeddedVideoBlock(blocks.StructBlock):
    url = EmbedBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    poster = ImageChooserBlock(
        required=False,
        label=_("Still image"),
        help_text=_(
            "Shown until the reader taps to play. Without one, a plain frame is shown: the page never loads "
            "YouTube's or Vimeo's own picture, which would cost the reader data."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video (embedded)")
        template = "courses/blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["facade"] = embed_facade(value.get("url"))
        return context


class MaterialReferenceBlock(blocks.StructBlock):
    material = blocks.PageChooserBlock(page_type="courses.MaterialPage", label=_("Material"))
    note = blocks.CharBlock(required=False, label=_("Why read it"))

    class Meta:
        icon = "doc-full"
        label = _("Material")
        template = "courses/blocks/material.html"

    def bulk_to_python(self, values):
        # Each block shows its material's licence and attribution: load them for all blocks at once.
        structs = super().bulk_to_python(values)
        materials = [struct["material"] for struct in structs if struct.get("material") is not None]
        if materials:
            # Their files too: the block says what they weigh before the reader follows it.
            prefetch_related_objects(materials, "files", *licensing_prefetches(type(materials[0])))
        return structs


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Note")), ("tip", _("Tip")), ("warning", _("Caution"))],
        default="info",
        label=_("Kind"),
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))


class QuestionBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(required=False, label=_("Explanation (shown once the quiz is passed)"))

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer as correct."))}
            )
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    pass_mark = blocks.IntegerBlock(
        min_value=0,
        max_value=100,
        default=70,
        label=_("Pass mark (%)"),
        help_text=_("Share of questions answered correctly needed to pass."),
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1, label=_("Questions"))
    # The attempt rules (courses/learning/quizzes.py); older quizzes read as unlimited attempts, no wait,
    # score only.
    max_attempts = blocks.IntegerBlock(
        required=False,
        min_value=1,
        label=_("Maximum attempts"),
        help_text=_("Leave blank for unlimited attempts. Counted per learner; a passed quiz takes no more."),
    )
    wait_minutes = blocks.IntegerBlock(
        required=False,
        min_value=0,
        max_value=MAX_WAIT_MINUTES,
        default=0,
        label=_("Wait between attempts (minutes)"),
        help_text=_("How long a learner waits after an attempt before the next one. 0: no wait."),
    )
    failed_feedback = blocks.ChoiceBlock(
        choices=[
            (quizzes.SCORE_ONLY, _("The score only")),
            (quizzes.WRONG_QUESTIONS, _("The score and which questions were wrong")),
        ],
        default=quizzes.SCORE_ONLY,
        label=_("After a failed attempt, show"),
        help_text=_(
            "Marking the wrong questions helps learners but makes passing by trial and error easier. "
            "The right answers and the explanations are shown once the quiz is passed."
        ),
    )

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "courses/blocks/quiz.html"


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h3", "bold", "italic", "link", "ol", "ul", "blockquote"]
    )
    heading = HeadingBlock()
    image = ImageBlock(label=_("Image"), template="courses/blocks/image.html")
    video = UploadedVideoBlock()
    audio = AudioBlock()
    embed = EmbeddedVideoBlock()
    material = MaterialReferenceBlock()
    quiz = QuizBlock()
    callout = CalloutBlock()
