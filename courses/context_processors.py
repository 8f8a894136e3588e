"""What every front-end template may read about the visitor: the access policy's facts (loaded once per
request and shared with every decision on the page), and the key of the page parts kept in memory."""

from django.utils.functional import SimpleLazyObject

from portal.speed import page_cache

from .access import policy as access


def viewer(request):
    return {
        "viewer": SimpleLazyObject(lambda: access.viewer_for(getattr(request, "user", None))),
        "fragments": SimpleLazyObject(lambda: page_cache.shared_fragments(request)),
    }
