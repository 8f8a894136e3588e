"""Settings shared by every environment; what differs between machines comes from the environment.

This module holds what the whole portal is made of (apps, middleware, templates, languages, files and their
storages, security headers, its address, logging) and gathers the other topics, one module each:

- environment.py: the checkout's directory and the helpers that read environment variables;
- database.py: the database (DATABASE_URL, else SQLite) and its connections;
- accounts.py: the user model, sign-up and sign-in (django-allauth) and their rate limits;
- caches.py: the shared and the per-process caches, and sessions;
- services.py: the mail server, Stripe and background tasks;
- cms.py: Wagtail (search, page addresses, uploads of images, documents and media).

dev.py, test.py and production.py start from all of it and change what their environment needs.

The storages and the content security policy (which names where public media come from) stay here: the
tests run this very file (runpy) with a deployment's environment variables to see what production builds,
and a module it imports would keep the values of the environment it was first imported in. Hence also the
absolute imports: a file run on its own has no package to be relative to.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from portal.settings.accounts import *
from portal.settings.caches import *
from portal.settings.cms import *
from portal.settings.database import *
from portal.settings.environment import *
from portal.settings.services import *

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "courses",
    "payments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # Translations kept in step with their Spanish source, segment by segment (docs/editing.md).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "allauth",
    "allauth.account",
    "storages",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.permissions_policy.PermissionsPolicyMiddleware",  # outside the page cache: on stored pages too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: stored public pages skip the rest.
    "portal.speed.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.speed.known_routes.KnownRoutesMiddleware",  # pages whose route is known skip Wagtail's tree walk
    "portal.network_time.NetworkTimeZoneMiddleware",  # after the routing, which has read what it needs
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "courses.context_processors.viewer",
                "portal.save_data.context",
            ],
        },
    },
]

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English"), ("pt", "Português")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft, even of a published page: it is published once translated, by a
# coordinator, as every page is (wagtail-localize would otherwise publish it at once, in Spanish).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The admin in the portal's own three languages, each person's own (portal/admin_language.py); "pt" is
# Brazilian Portuguese, with Wagtail's pt_BR strings (LOCALE_PATHS below).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The portal's own catalogues first (they win); then its rewording and completion of the installed packages'
# strings (portal/locale_overrides: usted, not tú; no English left; Latin American words, not Spain's;
# docs/language.md), apart from the portal's own strings; then the installed apps' catalogues in Latin
# American Spanish and Brazilian Portuguese, gathered per app by scripts/compile_messages.py (Django would
# otherwise give "es" and "pt" readers Spain's Spanish and Portugal's Portuguese, and Wagtail's admin half
# in English).
LOCALE_PATHS = [BASE_DIR / "portal" / "locale", BASE_DIR / "portal" / "locale_overrides"] + [
    path
    for path in sorted((BASE_DIR / "portal" / "locale_variants").glob("*"))
    if path.name == "django-conf" or path.name.replace("-", ".") in INSTALLED_APPS
]
# The network's time zone is a site setting (PortalSettings.time_zone, activated for every request and
# background task by portal/network_time.py); this is only the zone before that setting is read (start-up,
# management commands), and the setting's default.
TIME_ZONE = "America/El_Salvador"
# Dates and times in one shape per language (portal/formats/<language>/formats.py), over Django's own.
FORMAT_MODULE_PATH = ["portal.formats"]
# One zone for everyone, the network's: Wagtail's account screen offers no zone of its own, and each admin
# user's Wagtail profile keeps the network's (portal/network_time.py).
WAGTAIL_USER_TIME_ZONES = []
USE_I18N = True
USE_TZ = True

# Files: static files, public media (images, documents, videos) and the private files of materials, on the
# local disk or, when buckets are named, on S3.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files of materials: a directory outside MEDIA_ROOT that no URL serves. Only the download view reads it.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
AWS_MEDIA_BUCKET_NAME = env("AWS_MEDIA_BUCKET_NAME")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "courses.access.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME or AWS_MEDIA_BUCKET_NAME:
    from botocore.config import Config as BotoConfig

    def s3_connection_options() -> dict:
        """Where S3 is and how to talk to it: the same endpoint, region and credentials for both buckets."""
        return {
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME", "us-east-1"),
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
            "signature_version": "s3v4",
            # Fail in seconds, not minutes, when S3 stops answering: the user gets the "files unavailable"
            # page (courses/access/delivery.py) instead of a request hanging.
            "client_config": BotoConfig(
                signature_version="s3v4", connect_timeout=3, read_timeout=20, retries={"max_attempts": 2}
            ),
        }


if AWS_STORAGE_BUCKET_NAME:
    # Private bucket: objects are never public, addresses are presigned, valid for 60 to 90 seconds
    # when handed out (courses/access/delivery.py signs them).
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_connection_options(),
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "custom_domain": None,
        },
    }
if AWS_MEDIA_BUCKET_NAME:
    # Public media: Wagtail's images and their renditions, documents, wagtailmedia's videos, any FileField
    # without a storage of its own. A bucket of its own rather than a prefix of the private one, so that the
    # private bucket keeps S3's "block public access" on and no policy mistake can publish a material file;
    # files that must stay private name STORAGES["private"] (courses/access/storage.py), never this one.
    # Every app server writes and reads the same objects (a rendition made on one server is found by the
    # others: Wagtail writes renditions through the storage and records them in the database).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **s3_connection_options(),
            "bucket_name": AWS_MEDIA_BUCKET_NAME,
            # Plain, lasting addresses: pages (and the shared page cache, which keeps them for an hour) carry
            # them, so a presigned one would expire under the visitor. Reading is public by the bucket's
            # policy (s3:GetObject for everyone); objects get no ACL, as buckets that enforce the owner
            # (S3's default, ACLs disabled) require. Where the provider wants ACLs instead: public-read.
            "querystring_auth": False,
            "default_acl": env("AWS_MEDIA_DEFAULT_ACL") or None,
            # A CDN in front of the bucket (e.g. media.clase.example.org): addresses use it instead of S3's.
            "custom_domain": env("AWS_MEDIA_CUSTOM_DOMAIN") or None,
            # Never replace an object another server may still be linking to: a new upload gets a new name.
            "file_overwrite": False,
            # Browsers and a CDN may keep a file for a day (a replaced image or document gets a new name).
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
MATERIAL_MAX_UPLOAD_SIZE = int(env("MATERIAL_MAX_UPLOAD_SIZE", str(200 * 1024 * 1024)))
# Downloads and quiz answers stay linked to their person this many days; `manage.py apply_retention`, run
# daily, anonymises older ones (courses/privacy/retention.py, docs/security.md).
PERSONAL_RECORDS_KEPT_DAYS = int(env("PERSONAL_RECORDS_KEPT_DAYS", str(2 * 365)))

# Security headers for every environment (production adds HTTPS-only ones). No page may be framed; Wagtail's
# preview views allow their own same-origin frame themselves.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The browser features pages may use (portal/permissions_policy.py): none but full screen and
# picture-in-picture for the portal's own videos, and what the players lessons embed need (frame-src below).
VIDEO_PLAYERS = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
    "autoplay": VIDEO_PLAYERS,
    "encrypted-media": VIDEO_PLAYERS,
    "fullscreen": ["self", *VIDEO_PLAYERS],
    "picture-in-picture": ["self", *VIDEO_PLAYERS],
}


# Content security policy of the public site: scripts, styles, fonts and images from the portal itself,
# video embeds from YouTube and Vimeo, forms posting to the portal (and on to Stripe Checkout, which the buy
# form redirects to). Wagtail's admin relies on inline scripts and styles, and keeps its own protections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_EXTRA_IMG_SRC")],
        "media-src": ["'self'", *env_list("CSP_EXTRA_MEDIA_SRC")],
        "font-src": ["'self'"],
        "frame-src": VIDEO_PLAYERS,
        "form-action": ["'self'", "https://checkout.stripe.com", *origin_of(env("STRIPE_API_BASE"))],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}


def public_media_origin() -> list[str]:
    """Where the pages' images and videos come from when public media are in the bucket (the addresses
    django-storages makes: the CDN's domain, else the endpoint with the bucket in the path, else AWS's
    virtual-host address); nothing to add when they are served by the portal itself."""
    if not AWS_MEDIA_BUCKET_NAME:
        return []
    if env("AWS_MEDIA_CUSTOM_DOMAIN"):
        return [f"https://{env('AWS_MEDIA_CUSTOM_DOMAIN')}"]
    return origin_of(env("AWS_S3_ENDPOINT_URL")) or [f"https://{AWS_MEDIA_BUCKET_NAME}.s3.amazonaws.com"]


CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += public_media_origin()
CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"] += public_media_origin()

# The address the portal is served on, as its readers reach it: every address it writes for use elsewhere
# (e-mails, the certificate's verification address and QR code, the sitemap, robots.txt, the pages' language
# alternates) starts with it. The demo sets it from PORT; production must set it (portal/checks.py).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL  # Wagtail's own e-mails (workflow notifications)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

PORTAL_CONTENT_LABELS = {"es": _("Spanish"), "en": _("English"), "pt": _("Portuguese")}
