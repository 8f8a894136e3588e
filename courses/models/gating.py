"""Page behaviour shared by courses, lessons and materials: ask the policy, never cache a gated response."""

from django.utils.cache import add_never_cache_headers

from .. import access, page_cache
from ..routing import WithoutViewRestrictions
from .base import AccessLevel
from .preview import FramedPreview


class GatedPageMixin(FramedPreview, WithoutViewRestrictions):
    """Mixed into pages whose body the access policy guards. `gated_item` is what the policy decides on."""

    @property
    def gated_item(self):
        return self

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        decision = context["decision"] = access.decide(request, self.gated_item)
        if access.Step.DECISION in decision.route:
            context["usual_decision_days"] = access.site_settings(request).usual_decision_days
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated or self.gated_item.effective_access_level != AccessLevel.PUBLIC:
            add_never_cache_headers(response)
        else:
            page_cache.mark_cacheable(request, response)
        return response

    def get_sitemap_urls(self, request=None):
        # The sitemap is read by anonymous crawlers: list only what an anonymous visitor may open.
        if not access.check(None, self.gated_item).allowed:
            return []
        return super().get_sitemap_urls(request)
