"""The installable web app: its manifest, the service worker served from the site's root, the page shown
offline in place of a page this device has not saved, and the page listing what it has saved.

The worker (static/js/sw.js) is hand-written and small: docs/reach.md says why, and what it keeps. It is
served here, at /sw.js, so that its scope is the whole site, with the list of files it keeps for the offline
page written in front of it (`self.CLASE`). That list names the static files by the addresses pages use
(hashed in production: portal/static_storage.py), and its version is a digest of everything the worker and
the offline page are made of: a release that changes any of them is a new worker, installed beside the old
one and taking over only once no page of the old one is open (docs/reach.md, "Updates").
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from portal.speed import page_cache

WORKER = "js/sw.js"
# What the offline page needs: its style and the shelf, fetched when the worker installs; its script, kept
# the first time a page uses it (the pages that save a course or learn offline), so that a first visit
# carries no more than it must. Everything else a saved course needs is stored with the course
# (static/js/offline.js).
PRECACHED = ("css/portal.css", "js/shelf.js")
KEPT_WHEN_USED = ("js/offline.js",)
# What the worker and the offline page are made of, beyond the static files: a change to any of them makes a
# new worker (and so a fresh copy of the offline page).
TEMPLATES = ("base.html", "courses/offline/offline.html", "courses/offline/shelf.html")
THEME = "#1f6f43"  # --green in static/css/portal.css
BACKGROUND = "#f6f1e7"  # --sand


def _source(name: str) -> bytes:
    path = finders.find(name)
    if path is None:
        raise FileNotFoundError(name)
    return Path(path).read_bytes()


def _template_source(name: str) -> bytes:
    for directory in settings.TEMPLATES[0]["DIRS"]:
        path = Path(directory) / name
        if path.exists():
            return path.read_bytes()
    raise FileNotFoundError(name)


def _catalogues() -> list[bytes]:
    locale = Path(settings.LOCALE_PATHS[0])
    return [path.read_bytes() for path in sorted(locale.glob("*/LC_MESSAGES/django.mo")) if path.is_file()]


def _release() -> str:
    digest = hashlib.sha256()
    for part in (
        _source(WORKER),
        *(_source(name) for name in PRECACHED + KEPT_WHEN_USED),
        *(_template_source(name) for name in TEMPLATES),
        *_catalogues(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


_kept_release = lru_cache(maxsize=1)(_release)


def release() -> str:
    """The version of the worker and of what it keeps: worked out once per process in production (a release
    is a new process), afresh in development, where files change under a running server."""
    return _release() if settings.DEBUG else _kept_release()


@gzip_page  # a script with no secret in it, asked for on a first visit: compressed like the static files
@require_GET
def service_worker(request):
    """/sw.js: the worker, with what it keeps for the offline page written in front of it."""
    config = {
        "version": release(),
        "precache": [static(name) for name in PRECACHED],
        "keep_when_used": [static(name) for name in KEPT_WHEN_USED],
        "shelf": static("js/shelf.js"),
        "offline": {
            code: _in_language(code, lambda: reverse("courses:offline")) for code, _name in settings.LANGUAGES
        },
        "languages": [code for code, _name in settings.LANGUAGES],
    }
    body = f"self.CLASE = {json.dumps(config)};\n".encode() + _source(WORKER)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker at least once a day, and at every navigation when told to revalidate.
    patch_cache_control(response, no_cache=True, max_age=0)
    response["Service-Worker-Allowed"] = "/"
    return response


def _in_language(code: str, build):
    with translation.override(code):
        return build()


@require_GET
def web_app_manifest(request):
    """The web app manifest in the reader's language: what a phone shows once the portal is installed."""
    language = translation.get_language()
    manifest = {
        "id": "/",
        "name": _("Cla@se — training for Fair Trade small producers"),
        "short_name": "Cla@se",
        "description": _("Courses and training materials of the network, also without a connection."),
        "lang": language,
        "start_url": f"/{language}/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME,
        "background_color": BACKGROUND,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(
        manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


@require_GET
def offline(request):
    """Shown by the worker, in the reader's language, for a page this device has not saved while there is no
    connection: what is saved, to open instead. The same for everyone (the worker asks for it without
    cookies, so no personal page is ever kept for offline use outside a saved course)."""
    response = render(request, "courses/offline/offline.html", {"page_title": _("No connection")})
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    else:
        page_cache.mark_cacheable(request, response)
    return response


@require_GET
def saved(request):
    """ "Saved on this device": the courses this browser keeps, their size and date, what waits to be sent,
    and why a copy was removed. The list is the device's own (static/js/offline.js reads it): the page
    itself is the same for everyone."""
    response = render(request, "courses/offline/saved.html", {"page_title": _("Saved on this device")})
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    else:
        page_cache.mark_cacheable(request, response)
    return response
