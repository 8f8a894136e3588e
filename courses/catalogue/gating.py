"""Page behaviour shared by courses, lessons and materials: ask the policy, never cache a gated response,
and show the licence as the licence rules read it."""

from functools import cached_property

from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language

from portal.pages import FramedPreview
from portal.speed import page_cache
from portal.speed.known_routes import WithoutViewRestrictions

from ..access import policy as access
from ..levels import AccessLevel
from ..licensing import rules as licensing


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


class LicenceShown:
    """Mixed into the pages that carry a licence (courses and materials, with the access fields of
    courses/access/models.py): what they show of it. Access itself is decided by the policy."""

    @cached_property
    def licence_terms(self):
        return licensing.item_terms(self)

    @property
    def effective_access_level(self) -> str:
        return licensing.effective_level(self, timezone.localdate())

    @property
    def effective_access_level_label(self) -> str:
        return AccessLevel(self.effective_access_level).label

    @property
    def on_sale(self) -> bool:
        return self.price is not None and licensing.may_sell(self.licence_terms, timezone.localdate())

    @property
    def licence_terms_text(self) -> str:
        """The licence's terms in the reader's language."""
        terms = self.licence_terms
        return terms.terms_text((get_language() or "es")[:2]) if terms else ""

    @cached_property
    def attribution(self) -> str:
        published = self.first_published_at or timezone.now()
        return licensing.attribution(
            licence=self.licence_terms,
            title=self.title,
            contributors=licensing.credited_names(self.credits),
            year=published.year,
        )
