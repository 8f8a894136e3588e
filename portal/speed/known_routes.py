"""Finding the page for an address in one query, for every visitor (signed in or not).

Wagtail routes a request by walking the tree: the site, the locale, the localised root, then one lookup per
segment of the address and the page's specific row, and its view restrictions: seven to ten queries before
the page is even rendered. The answer only changes when pages are published, moved or deleted, so the
route (which site, which page model and id) is kept in the cache under the page cache's generation
(portal/speed/page_cache.py), which those events renew. A request whose route is known gets its site and page
handed to Wagtail's own `serve` view through the attributes Wagtail caches them in
(`request._wagtail_site`, `request._wagtail_route_for_request`); the live page itself (with its licence
and cover image) is kept in the process's memory under the same generation (`page_cache.kept`). A route
not yet known is left to Wagtail, and remembered afterwards.

The portal does not use Wagtail's page privacy (the access policy decides instead): while no view
restriction exists, pages skip that lookup too (`without_view_restrictions`).
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction, Site

from . import page_cache

logger = logging.getLogger(__name__)

NO_RESTRICTIONS_KEY = "routing:no-view-restrictions"


def _route_key(request) -> str:
    return f"routing:{request.get_host()}:{request.path}"


class KnownRoutesMiddleware:
    """Hand Wagtail the site and page of an address whose route is known; remember new routes. Only for
    requests that reach Wagtail's page view: downloads, forms and the admin never ask the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_clase_route_key", None)
        if key is not None and not hasattr(request, "_clase_known_route"):
            self._remember(request, key, request._clase_generation)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # not at import time: this module is loaded with the models

        if view_func is not serve or request.method not in ("GET", "HEAD", "POST"):
            return None
        key = _route_key(request)
        # The signed-in reader's session in the same round trip (portal/speed/sessions.py), when it is read
        # from this cache and not loaded yet.
        session = getattr(request, "session", None)
        session_key = getattr(session, "key_to_read_ahead", lambda: None)()
        try:
            found = cache.get_many(
                [page_cache.GENERATION_KEY, key, NO_RESTRICTIONS_KEY, *([session_key] if session_key else [])]
            )
        except Exception:
            logger.warning("The route cache is unreachable", exc_info=True)
            return None
        if session_key:
            session.read_ahead(found.get(session_key))
        generation = found.get(page_cache.GENERATION_KEY) or page_cache.start_generation()
        request._clase_generation = generation
        request._clase_route_key = key
        # Every link to a page needs the sites' root paths, which Wagtail reads from the shared cache once
        # per request: keep them in memory too (sites and root pages saved or moved start a generation).
        request._wagtail_cached_site_root_paths = page_cache.kept(
            request, "site-root-paths", Site.get_site_root_paths
        )
        known = found.get(key)
        if known is not None and known["generation"] == generation:
            self._hand_over(request, known, found.get(NO_RESTRICTIONS_KEY))
        return None

    @staticmethod
    def _hand_over(request, known, no_restrictions: bool | None) -> None:
        def load():
            model = apps.get_model(known["model"])
            queryset = model.served_queryset() if hasattr(model, "served_queryset") else model.objects
            return queryset.filter(pk=known["page"], live=True).first() or False

        # Unpublishing, like publishing, starts a new generation: a page kept under this one is live.
        page = page_cache.kept(request, f"page:{known['model']}:{known['page']}", load)
        if not page:
            return  # unpublished since: let Wagtail answer
        # Read with the route, in the same round trip: the page need not ask the cache again (a copy of the
        # kept page comes back on each request, so this is this request's answer only).
        page._clase_no_view_restrictions = no_restrictions
        request._wagtail_site = known["site"]
        request._wagtail_route_for_request = (page, (), {})
        request._clase_known_route = True

    @staticmethod
    def _remember(request, key: str, generation: int) -> None:
        route = getattr(request, "_wagtail_route_for_request", None)
        site = getattr(request, "_wagtail_site", None)
        if not route or site is None:
            return
        page, args, kwargs = route
        if args or kwargs or not isinstance(page, Page):
            return  # a sub-route of a page (none in the portal today): always ask the page
        try:
            cache.set(
                key,
                {"generation": generation, "site": site, "model": page._meta.label, "page": page.pk},
                timeout=page_cache.TIMEOUT,
            )
        except Exception:
            logger.warning("The route cache could not store a route", exc_info=True)


def view_restrictions_exist() -> bool:
    flag = cache.get(NO_RESTRICTIONS_KEY)
    if flag is None:
        flag = not PageViewRestriction.objects.exists()
        cache.set(NO_RESTRICTIONS_KEY, flag, timeout=None)
    return not flag


def forget_view_restrictions(**_kwargs) -> None:
    cache.delete(NO_RESTRICTIONS_KEY)


class WithoutViewRestrictions:
    """Mixed into the portal's pages: no lookup of Wagtail view restrictions while none exists."""

    def get_view_restrictions(self):
        known = getattr(self, "_clase_no_view_restrictions", None)  # read with the route (above)
        if known or (known is None and not view_restrictions_exist()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
