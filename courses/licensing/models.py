"""Contributors, the licences their material is offered under, and who contributed what to each item.

A licence row is one version of its terms. Revising a licence adds a row (same code, next version) and
keeps the old one for the records: items, acceptances and orders point at the version they were made
under, while every row's `current_version` points at the version in force, which the licence rules
(courses/licensing/rules.py) read.
"""

import string
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from ..levels import AccessLevel

PLACEHOLDERS = frozenset({"contributor", "title", "year", "licence"})


def _placeholders(template: str) -> set[str]:
    return {
        name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name is not None
    }


def validate_attribution_template(template: str, field: str = "attribution_template") -> None:
    try:
        unknown = _placeholders(template) - PLACEHOLDERS
    except ValueError as error:
        raise ValidationError({field: _("Unbalanced braces: write placeholders as {title}.")}) from error
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown placeholders: %(names)s. Use {contributor}, {title}, {year}, {licence}.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )


class Contributor(models.Model):
    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        UNIVERSITY = "university", _("University")
        MEMBER_ORGANISATION = "member_organisation", _("Member organisation")
        NETWORK = "network", _("The network")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.PARTNER)
    website = models.URLField(_("website"), blank=True)
    contact = models.CharField(
        _("contact"), max_length=255, blank=True, help_text=_("Who to write to about their material.")
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LicenceQuerySet(models.QuerySet):
    def current(self):
        """The versions in force (one per licence code)."""
        return self.filter(current_version=F("pk"))


class Licence(models.Model):
    code = models.CharField(
        _("code"), max_length=50, help_text=_("A short identifier shared by every version, e.g. CC-BY-4.0.")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("previous version"),
    )
    current_version = models.ForeignKey(
        "self",
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("version in force"),
    )
    # The licence's own words in Spanish, the network's language (`name`, `label`, `attribution_template`,
    # `terms_es`), and in English and Portuguese where they differ; a reader sees their language's words, else
    # the Spanish ones (`in_language`).
    name = models.CharField(_("name (Spanish)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=255, blank=True)
    label = models.CharField(
        _("short label (Spanish)"),
        max_length=40,
        help_text=_("Shown in a small badge next to each item, e.g. CC BY 4.0."),
    )
    label_en = models.CharField(
        _("short label (English)"), max_length=40, blank=True, help_text=_("Empty: the Spanish one.")
    )
    label_pt = models.CharField(
        _("short label (Portuguese)"), max_length=40, blank=True, help_text=_("Empty: the Spanish one.")
    )
    url = models.URLField(_("address of the licence text"), blank=True)
    widest_level = models.CharField(
        _("widest audience allowed"),
        max_length=20,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        help_text=_("Items under this licence are never shown to a wider audience than this."),
    )
    may_be_sold = models.BooleanField(
        _("may be sold"), default=True, help_text=_("Non-commercial licences forbid a price.")
    )
    may_be_changed = models.BooleanField(
        _("may be changed"), default=True, help_text=_("No-derivatives licences: files are never altered.")
    )
    attribution_required = models.BooleanField(_("attribution required"), default=True)
    attribution_template = models.CharField(
        _("attribution template (Spanish)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Placeholders: {contributor}, {title}, {year}, {licence}. "
            "Leave empty for the standard wording in the reader's language."
        ),
    )
    attribution_template_en = models.CharField(
        _("attribution template (English)"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the Spanish one."),
    )
    attribution_template_pt = models.CharField(
        _("attribution template (Portuguese)"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the Spanish one."),
    )
    acceptance_required = models.BooleanField(
        _("acceptance required"),
        default=False,
        help_text=_("Users accept the terms before their first download."),
    )
    agreement_ends = models.DateField(
        _("agreement ends on"),
        null=True,
        blank=True,
        help_text=_(
            "The last day the agreement covers. From the next day its items are open to members only "
            "and are no longer sold."
        ),
    )
    revenue_share = models.DecimalField(
        _("contributor's revenue share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    terms_es = models.TextField(_("terms (Spanish)"), blank=True)
    terms_en = models.TextField(_("terms (English)"), blank=True)
    terms_pt = models.TextField(_("terms (Portuguese)"), blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)

    objects = LicenceQuerySet.as_manager()

    # What a new version copies from the one it replaces (everything but identity and bookkeeping).
    TERMS_FIELDS = [
        "name",
        "name_en",
        "name_pt",
        "label",
        "label_en",
        "label_pt",
        "url",
        "widest_level",
        "may_be_sold",
        "may_be_changed",
        "attribution_required",
        "attribution_template",
        "attribution_template_en",
        "attribution_template_pt",
        "acceptance_required",
        "agreement_ends",
        "revenue_share",
        "terms_es",
        "terms_en",
        "terms_pt",
    ]

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_licence_per_version")]

    def __str__(self):
        if self.version == 1:
            return self.shown_name
        return _("%(name)s (version %(version)s)") % {"name": self.shown_name, "version": self.version}

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.current_version_id is None:  # a new licence is its own version in force
            self.current_version = self
            type(self).objects.filter(pk=self.pk).update(current_version=self)

    def clean(self):
        super().clean()
        for field in ("attribution_template", "attribution_template_en", "attribution_template_pt"):
            validate_attribution_template(getattr(self, field), field)

    @property
    def is_current(self) -> bool:
        return self.current_version_id == self.pk

    def in_language(self, field: str, language: str | None = None) -> str:
        """One of the licence's words (`name`, `label`, `attribution_template`) in this language (by default
        the reader's), else in Spanish."""
        language = (language or get_language() or "es")[:2]
        return (language != "es" and getattr(self, f"{field}_{language}", "")) or getattr(self, field)

    @property
    def shown_name(self) -> str:
        return self.in_language("name")

    @property
    def shown_label(self) -> str:
        return self.in_language("label")

    def terms_text(self, language: str) -> str:
        """The terms in this language, else in Spanish, else in English."""
        return getattr(self, f"terms_{language}", "") or self.terms_es or self.terms_en


class Role(models.TextChoices):
    AUTHOR = "author", _("Author")
    COPYRIGHT_HOLDER = "copyright_holder", _("Copyright holder")
    FUNDER = "funder", _("Funder")


class ItemContributor(Orderable):
    """Abstract: one contributor of an item, with their role. Each page type has its own inline."""

    contributor = models.ForeignKey(
        Contributor, on_delete=models.PROTECT, related_name="+", verbose_name=_("contributor")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)

    panels = [FieldPanel("contributor"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return f"{self.contributor} ({self.get_role_display()})"


class CourseContributor(ItemContributor):
    page = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="contributors")

    class Meta(ItemContributor.Meta):
        verbose_name = _("course contributor")
        verbose_name_plural = _("course contributors")


class MaterialContributor(ItemContributor):
    page = ParentalKey("courses.MaterialPage", on_delete=models.CASCADE, related_name="contributors")

    class Meta(ItemContributor.Meta):
        verbose_name = _("material contributor")
        verbose_name_plural = _("material contributors")


class LicenceAcceptance(models.Model):
    """A user accepted the terms of one licence version for one item (all its language versions).

    A record, never changed: a new licence version needs a new acceptance."""

    # Empty once the person erased their account (courses/privacy/erasure.py): the acceptance stays, as the
    # record that the terms were accepted, without saying by whom.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="licence_acceptances",
        verbose_name=_("user"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("course or material")
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="acceptances", verbose_name=_("licence version")
    )
    language = models.CharField(_("language of the terms shown"), max_length=5, choices=settings.LANGUAGES)
    accepted_at = models.DateTimeField(_("accepted on"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of licence terms")
        verbose_name_plural = _("acceptances of licence terms")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "licence"], name="one_acceptance_per_version")
        ]

    def __str__(self):
        return f"{self.user} · {self.licence} · {self.accepted_at:%Y-%m-%d}"


def licensing_prefetches(model) -> list:
    """What listings load with each item of `model` to show its licence and credits in constant queries."""
    credits = model._meta.get_field("contributors").related_model
    return [
        Prefetch("licence", queryset=Licence.objects.select_related("current_version")),
        Prefetch("contributors", queryset=credits.objects.select_related("contributor")),
    ]


def with_licensing(queryset):
    """A listing's queryset, with each item's licence (joined) and credits (one more query)."""
    credits = queryset.model._meta.get_field("contributors").related_model
    return queryset.select_related("licence__current_version").prefetch_related(
        Prefetch("contributors", queryset=credits.objects.select_related("contributor"))
    )
