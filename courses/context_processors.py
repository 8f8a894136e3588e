"""What every front-end template may read about the visitor: the access policy's facts (loaded once per
request and shared with every decision on the page)."""

from django.utils.functional import SimpleLazyObject

from . import access


def viewer(request):
    return {"viewer": SimpleLazyObject(lambda: access.viewer_for(getattr(request, "user", None)))}
