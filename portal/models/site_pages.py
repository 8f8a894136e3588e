"""The site's own pages, where a reader finds out how the portal treats them and where to ask: the privacy
policy, the terms of use, the help (frequent questions) and the contact page. Editors write them in the
three languages like any other page; every page's footer links to them (portal/templatetags/site_pages.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..contact_form import ContactForm
from ..pages import FramedPreview, PortalPageForm
from ..speed import page_cache
from ..speed.known_routes import WithoutViewRestrictions


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "portal/blocks/question.html"


class InfoBody(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), template="portal/blocks/heading.html", icon="title")
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ol", "ul"])
    question = QuestionBlock()


class SitePage(FramedPreview, WithoutViewRestrictions, Page):
    """Abstract: a page of the site itself, open to everyone and with no pages under it."""

    base_form_class = PortalPageForm
    subpage_types = []

    class Meta:
        abstract = True


class InfoPage(SitePage):
    """The privacy policy, the terms of use or the help: one of each per language."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy policy")
        TERMS = "terms", _("Terms of use")
        HELP = "help", _("Help (frequent questions)")

    kind = models.CharField(_("kind of page"), max_length=20, choices=Kind.choices)
    version = models.CharField(
        _("version"),
        max_length=40,
        blank=True,
        help_text=_(
            "Required for the privacy policy and the terms of use, e.g. “2026-1”. Give a new version "
            "whenever what they say changes: each sign-up records the version of the terms accepted."
        ),
    )
    updated_on = models.DateField(
        _("in force since"),
        null=True,
        blank=True,
        help_text=_("Required for the privacy policy and the terms of use: the date of this version."),
    )
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(InfoBody(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("version"), FieldPanel("updated_on")]),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    # The version and its date are the same in every language: a translation is of the same terms.
    override_translatable_fields = [SynchronizedField("version"), SynchronizedField("updated_on")]

    class Meta:
        verbose_name = _("privacy, terms or help page")
        verbose_name_plural = _("privacy, terms and help pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in (self.Kind.PRIVACY, self.Kind.TERMS):
            if not self.version.strip():
                errors["version"] = _(
                    "Give this text a version, so that readers know which one they accepted."
                )
            if self.updated_on is None:
                errors["updated_on"] = _("Give the date this version is in force from.")
        same_kind = InfoPage.objects.filter(kind=self.kind, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.kind and self.locale_id and same_kind.exists():
            errors["kind"] = _(
                "This language already has a page of this kind: edit that one instead, so that the footer "
                "links to one page."
            )
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        return page_cache.mark_cacheable(request, super().serve(request, *args, **kwargs))

    @classmethod
    def terms_in(cls, language: str) -> "InfoPage | None":
        """The live terms of use a reader of `language` is shown: that language's, else the default one's."""
        terms = cls.objects.live().filter(kind=cls.Kind.TERMS).select_related("locale")
        found = {
            page.locale.language_code: page
            for page in terms.filter(locale__language_code__in=[language, settings.LANGUAGE_CODE])
        }
        return found.get(language) or found.get(settings.LANGUAGE_CODE)


class ContactPage(SitePage):
    """The page with the form that writes to the network's coordinators (sent to portal.views.contact_send,
    which stores the message and e-mails the coordinators)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    thanks = RichTextField(
        _("after sending"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown instead of the form once a message has been sent: when and how we answer."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thanks")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", ContactForm(user=request.user))
        context["sent"] = request.GET.get("sent") == "1" and not context["form"].is_bound
        context["action"] = reverse("portal:contact_send", args=[self.pk]) if self.pk else ""
        return context
