"""A shared cache of the public pages as an anonymous visitor sees them.

Most visits come from people who are not signed in, on slow connections, to the same public pages: those
answers are the same for everyone, so they are kept in the cache (Redis in production, shared by every app
server) and served before Wagtail routes the request at all.

What may be stored is decided where the page is served (`mark_cacheable`, called by the pages' `serve`):
only a page the access policy opens to anyone, rendered for a visitor without a session. The middleware
then stores the answer only if it is a plain 200 that set no cookie, and serves it only to requests that
carry neither a session nor pending messages, so nobody ever gets someone else's page.

Freshness: every stored answer carries the cache's generation; publishing, unpublishing, moving or deleting
a page, and saving a licence, a contributor or the portal's settings start a new generation (the signals
below), which makes every earlier answer stale at once on every server. The key also holds today's date,
because an agreement that ends at midnight narrows access without anything being saved. If the cache is
unreachable the portal serves every page uncached.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from portal.save_data import asks_to_save_data

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
MARKER = "X-Clase-Cacheable"
TIMEOUT = 60 * 60  # an hour at most, whatever happens
HIT_HEADER = "X-Clase-Cache"


def mark_cacheable(request, response):
    """Let the middleware keep this answer: a page open to everyone, served to a visitor without a session."""
    if not request.user.is_authenticated and not getattr(request, "is_preview", False):
        response[MARKER] = "1"
    return response


def generation(request=None) -> int:
    """The cache's generation, read once per request (the routing middleware reads it first); 0 when the
    cache is unreachable."""
    known = getattr(request, "_clase_generation", None)
    if known is not None:
        return known
    value = cache.get(GENERATION_KEY) or start_generation()
    if request is not None:
        request._clase_generation = value
    return value


def start_generation() -> int:
    """A cache without a generation (new, flushed, or Redis restarted) starts one from the clock, so that
    a number is never used twice: fragments kept in each process's memory (`shared_fragments`) rely on it."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY) or 0


def new_generation(**_kwargs) -> None:
    """Make every stored page stale (on every server sharing the cache): at once, and again once the
    change is committed, for a request that read the old rows in between would have stored them under
    the new generation."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _key(request) -> str:
    key = f"page-cache:{timezone.localdate().isoformat()}:{request.get_host()}:{request.get_full_path()}"
    if asks_to_save_data(request):  # a lesson's videos differ for a reader saving data (portal/save_data.py)
        key += ":save-data"
    # A long address (a search for a pasted paragraph) is stored under its digest: cache keys stay short
    # enough for any backend (memcached's limit is 250 characters).
    return key if len(key) <= 200 else f"page-cache:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def _visitor_without_state(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


class AnonymousPageCacheMiddleware:
    """Serve stored public pages to visitors without a session; store the pages marked cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _visitor_without_state(request):
            response = self.get_response(request)
            response.headers.pop(MARKER, None)
            return response
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])
        # Read in this round trip: `kept` and the fragments need not ask again.
        generation = request._clase_generation = found.get(GENERATION_KEY) or start_generation()
        stored = found.get(key)
        if stored is not None and stored["generation"] == generation:
            return self._rebuild(stored)
        response = self.get_response(request)
        if self._storable(response):
            self._store(key, generation, response)
        response.headers.pop(MARKER, None)
        return response

    @staticmethod
    def _storable(response) -> bool:
        return (
            response.get(MARKER) == "1"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        )

    @staticmethod
    def _store(key: str, generation: int, response) -> None:
        headers = [(name, value) for name, value in response.items() if name != MARKER]
        cache.set(
            key, {"generation": generation, "headers": headers, "content": response.content}, timeout=TIMEOUT
        )

    @staticmethod
    def _rebuild(stored) -> HttpResponse:
        response = HttpResponse(stored["content"])
        for name, value in stored["headers"]:
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response


# --- parts of personalised pages ---------------------------------------------------------------------------

LOCAL = "local"  # the cache alias of each process's own memory (settings.CACHES)
FRAGMENT_TIMEOUT = 5 * 60


KEPT_MAX_ENTRIES = 2000  # per process; the least recently used go first


class _KeptObjects:
    """The objects `kept` holds, themselves, in this process's memory: the memory cache pickles what it
    keeps, and unpickling a page with its relations cost 0.1 to 0.3 ms on every request (two or three such
    objects on a learner's page). Keys carry the generation; entries last an hour at most, like the stored
    pages, and the least recently used go first past `KEPT_MAX_ENTRIES`."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()  # the demo's server and the test live server serve from threads

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] < time.monotonic():
                return _MISSING
            self._entries.move_to_end(key)
            return entry[1]

    def set(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + TIMEOUT, value)
            self._entries.move_to_end(key)
            while len(self._entries) > KEPT_MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_MISSING = object()
_kept_objects = _KeptObjects()


def kept(request, key: str, build):
    """`build()`, kept in this process's memory under the shared generation: for what changes only when
    pages, licences or images are published or saved (a page's row, its lessons, the header's links).

    Each call gets its own shallow copy (`copy.copy`; for a model instance, its own attributes and cache
    of related objects), so what a request sets on it (a page's outline, a lesson's course, the routing's
    flags) never reaches another request. What the copy refers to (a page's licence, an outline's lessons,
    a lesson's blocks) is shared by every request of the process and is only ever read. Built afresh every
    time while the shared cache is unreachable."""
    current = generation(request)
    if not current:
        return build()
    key = f"{current}:{key}"
    value = _kept_objects.get(key)
    if value is _MISSING:
        value = build()
        _kept_objects.set(key, value)
    return copy.copy(value)


def kept_many(request, keys: list[str], build_missing) -> dict:
    """Like `kept`, for several values at once: those not kept yet are built together, by
    `build_missing(missing keys)` returning {key: value} (one query for all of them, not one each)."""
    current = generation(request)
    if not current:
        return build_missing(list(keys))
    found, missing = {}, []
    for key in keys:
        value = _kept_objects.get(f"{current}:{key}")
        if value is _MISSING:
            missing.append(key)
        else:
            found[key] = copy.copy(value)
    if missing:
        for key, value in build_missing(missing).items():
            _kept_objects.set(f"{current}:{key}", value)
            found[key] = copy.copy(value)
    return found


def shared_fragments(request) -> dict:
    """What templates need to keep, in the process's memory, the parts of a signed-in page that are the
    same for every reader (a material's description and credits, a course's outline): `{% cache
    fragments.timeout "name" page.pk fragments.key using="local" %}`.

    The key holds the generation, read from the shared cache on every request, so a publication on any
    server makes every server's fragments stale at once; and today's date, like the stored pages. When the
    shared cache is unreachable the generation is unknown: the timeout is then 0, and nothing is kept.
    A preview shows a draft: it is given a key nothing is kept under, and keeps nothing either."""
    if getattr(request, "is_preview", False):
        return {"key": "preview", "timeout": 0}
    current = generation(request)
    return {
        "key": f"{current}:{timezone.localdate().isoformat()}",
        "timeout": FRAGMENT_TIMEOUT if current else 0,
    }
