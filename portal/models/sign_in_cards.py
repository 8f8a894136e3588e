"""Sign-in cards: the printed one-time code with which a member without e-mail signs in for the first time
(or again, after forgetting their password) and chooses a password. portal/sign_in_cards.py holds the rules;
this is only what is stored: never the code, only its keyed hash."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignInCardQuerySet(models.QuerySet):
    def open(self):
        """Cards not used and not replaced by a newer one (expired or not)."""
        return self.filter(used_at__isnull=True, replaced_at__isnull=True)


class SignInCard(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sign_in_cards",
        verbose_name=_("user"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"))
    used_at = models.DateTimeField(_("used on"), null=True, blank=True)
    # When a newer card was issued for the same person: this one's code stopped working then.
    replaced_at = models.DateTimeField(_("replaced on"), null=True, blank=True)

    objects = SignInCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in card")
        verbose_name_plural = _("sign-in cards")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(used_at__isnull=True, replaced_at__isnull=True),
                name="one_open_sign_in_card_per_user",
            ),
            models.UniqueConstraint(fields=["user", "code_hash"], name="sign_in_card_codes_differ"),
        ]

    def __str__(self):
        return f"{self.user} · {self.issued_at:%Y-%m-%d}"

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()
