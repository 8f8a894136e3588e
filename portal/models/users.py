"""The custom user: the e-mail address is the login, or, for a member without e-mail, a login name (a user
name or a phone number) that an organisation's manager gave them."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    # Empty (NULL, so that any number of accounts may have none) only for members without e-mail.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    # How a member without e-mail signs in (portal/login_names.py says what one looks like); allauth reads it
    # as its username field (portal/settings/accounts.py). Empty (NULL) for everyone else.
    login_name = models.CharField(
        _("login name"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A user name or a phone number, for members who have no e-mail address."),
    )
    # A manager created this account for a member of their organisation and vouches for who they are: it
    # stands for a confirmed e-mail address, which such an account cannot have (courses/access/policy.py).
    vouched = models.BooleanField(
        _("vouched for by an organisation's manager"),
        default=False,
        help_text=_("The account of a member without e-mail, created by a manager of their organisation."),
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="es",
        help_text=_("E-mails and certificates are written in this language."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        # Erasing someone's whole account (portal/privacy/erasure.py), when they ask by another channel:
        # a right of its own, apart from Wagtail's plain "delete", which would take their certificates along.
        permissions = [("erase_account", _("Can erase a person's account at their request"))]

    def __str__(self):
        return self.full_name or self.sign_in_name

    def save(self, *args, **kwargs):
        # Forms give "" for an empty field; several accounts may lack either, which only NULL allows.
        self.email = self.email or None
        self.login_name = self.login_name or None
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()  # normalises the e-mail address, turning a missing one into ""
        self.email = self.email or None

    def get_full_name(self):
        return self.full_name or f"{self.first_name} {self.last_name}".strip() or self.sign_in_name

    def get_short_name(self):
        return self.first_name or self.get_full_name()

    @property
    def sign_in_name(self) -> str:
        """What the person signs in with: their e-mail address, else their login name."""
        return self.email or self.login_name or ""


class TermsAcceptance(models.Model):
    """A person accepted the portal's terms of use, in the version the terms page carried then (its
    `version`, portal/models/site_pages.py): recorded at sign-up, and again when they accept a new version."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="terms_acceptances",
        verbose_name=_("user"),
    )
    version = models.CharField(_("version of the terms"), max_length=40)
    language = models.CharField(_("language of the terms shown"), max_length=5, choices=settings.LANGUAGES)
    accepted_at = models.DateTimeField(_("accepted on"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of the terms of use")
        verbose_name_plural = _("acceptances of the terms of use")
        ordering = ["-accepted_at"]

    def __str__(self):
        return f"{self.version} · {self.accepted_at:%Y-%m-%d}"
