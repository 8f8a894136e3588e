"""Settings shared by every environment; what differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


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
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
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
            ],
        },
    },
]

# Embedded default: SQLite next to the code. Production and CI's second run set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves several threads (runserver, the test live server): take the write lock
    # when a transaction starts and wait for it, rather than failing with "database is locked" when two
    # transactions that began by reading both try to write. Write-ahead log, synced at checkpoints: readers
    # never wait for the writer, and a commit (a download logged) costs no fsync of its own; a power cut
    # may lose the last commits, never corrupt the file (SQLite's documented guarantee for WAL + NORMAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check of reused connections that costs no round trip
    # (portal/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "portal.speed.postgresql"
    # The queries asked on every request (portal/speed/compiled_query.py) are prepared once they have run this
    # many times on a connection, so PostgreSQL stops planning them anew; Django's other queries bind on
    # the client and are never prepared. Behind a pooler in transaction mode that cannot keep prepared
    # statements, set DATABASE_PREPARE_THRESHOLD to an empty value.
    threshold = env("DATABASE_PREPARE_THRESHOLD", "5")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["prepare_threshold"] = int(threshold) if threshold else None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
# Django's and allauth's, each reading a request's user with the access policy's facts (one query).
AUTHENTICATION_BACKENDS = [
    "courses.access.auth_backends.ModelBackend",
    "courses.access.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# The home page in the language of the page the visitor signed in or out on (worked out per request), not
# "/", which would pick a language from the browser's and could switch a Spanish reader to English.
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = reverse_lazy("wagtail_serve", args=[""])

# django-allauth: e-mail is the login, and it must be verified before the account is used.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Cla@se · "
ACCOUNT_ADAPTER = "portal.account_adapter.AccountAdapter"  # the portal's name and address in its e-mails
# Failed logins are throttled per IP and per account (allauth's rate limits, backed by the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English"), ("pt", "Português")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]
TIME_ZONE = "America/Panama"
USE_I18N = True
USE_TZ = True

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


def origin_of(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


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

# Sessions are read from the cache (Redis in production) and written through to the database, which keeps
# them when the cache is flushed or down.
# Django's cached_db, read ahead with the route (portal/speed/sessions.py).
SESSION_ENGINE = "portal.speed.sessions"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.speed.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Fail fast when Redis is down: the portal then serves uncached (portal/speed/cache.py).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for what is keyed by the shared cache's generation
# (portal/speed/page_cache.py):
# the parts of signed-in pages that every reader shares, and the header's links, read without a round trip.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "clase-local",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "15"))  # a hung mail server must not hold a worker (and a row lock)
# The name is quoted: an unquoted "@" in it makes SMTP backends reject the address.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", '"Cla@se" <clase@localhost>')

# Stripe (used from the payments issue on): keys and base address from the environment only.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")

# Background work (e-mails, stamping, reports). The embedded default and the tests run tasks at once;
# production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

WAGTAIL_SITE_NAME = "Cla@se"
# The address the portal is served on, as its readers reach it: every address it writes for use elsewhere
# (e-mails, the certificate's verification address and QR code, the sitemap, robots.txt, the pages' language
# alternates) starts with it. The demo sets it from PORT; production must set it (portal/checks.py).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL  # Wagtail's own e-mails (workflow notifications)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Page addresses in plain ASCII (rendicion-de-cuentas), in the admin's slugify and the server's alike: an
# address with accents is shown percent-encoded wherever it is shared (courses/catalogue/forms.py: typed
# slugs too).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents, videos and audio are checked as material files are: the content must be what the name says
# (courses/catalogue/upload_forms.py); videos and audio of the kinds browsers play, up to
# MATERIAL_MAX_UPLOAD_SIZE.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "courses.catalogue.upload_forms.DocumentForm"
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "MEDIA_FORM_BASE": "courses.catalogue.upload_forms.MediaForm",
    "VIDEO_EXTENSIONS": ["m4v", "mov", "mp4", "webm"],
    "AUDIO_EXTENSIONS": ["m4a", "mp3", "ogg", "wav"],
}
WAGTAIL_USER_CUSTOM_FIELDS = ["full_name", "language"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

PORTAL_CONTENT_LABELS = {"es": _("Spanish"), "en": _("English"), "pt": _("Portuguese")}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
