"""Where the site's own pages are (privacy policy, terms of use, help, contact: portal/models/site_pages.py),
for the footer of every page and for the sentences that send a reader to them ("write to us").

They change only when pages are published, moved or deleted, so their addresses are kept in each process's
memory under the page cache's generation (portal/speed/page_cache.py), like the header's links: no query on
most requests."""

from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Page

from ..models import ContactPage, InfoPage
from ..speed import page_cache

register = template.Library()

KINDS = ("privacy", "terms", "help", "contact")


def site_page_urls(request, language: str) -> dict[str, str]:
    """{kind: address} of the site's pages in `language`; where that language has none of a kind, the
    default language's (a reader is better sent to the Spanish privacy policy than to none)."""

    def build():
        languages = [language, settings.LANGUAGE_CODE]
        pages = (
            Page.objects.live()
            .filter(locale__language_code__in=languages)
            .type(InfoPage, ContactPage)
            .specific()
            .select_related("locale")
        )
        found: dict[tuple[str, str], str] = {}
        for page in pages:
            kind = page.kind if isinstance(page, InfoPage) else "contact"
            found.setdefault((kind, page.locale.language_code), page.get_url(request))
        return {
            kind: found.get((kind, language)) or found.get((kind, settings.LANGUAGE_CODE), "")
            for kind in KINDS
        }

    return page_cache.kept(request, f"site-pages:{request.get_host()}:{language}", build)


@register.simple_tag(takes_context=True)
def site_pages(context) -> dict[str, str]:
    """The addresses of this language's privacy, terms, help and contact pages ({} outside a request)."""
    request = context.get("request")
    if request is None:
        return {}
    return site_page_urls(request, (get_language() or settings.LANGUAGE_CODE)[:2])
