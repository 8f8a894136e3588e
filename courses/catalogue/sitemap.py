"""The sitemap: every language's page tree, at the portal's public address, each page with its translations.

Wagtail's own sitemap lists the default site's tree only (the Spanish one) at the address of its Site record.
This one lists the pages an anonymous visitor may open (the access policy decides, through each page's
`get_sitemap_urls`) in the trees of all three languages, at PORTAL_BASE_URL, and gives each the addresses of
its translations as `xhtml:link rel="alternate" hreflang` (plus `x-default`, the Spanish one).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


def on_portal(location: str) -> str:
    """This address at PORTAL_BASE_URL (Wagtail builds it from the Site record's host and port)."""
    parts = urlsplit(location)
    return settings.PORTAL_BASE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


def alternates(locations: dict[str, str]) -> list[dict]:
    """The `hreflang` alternates of a page published at these {language: address}, in the portal's order of
    languages, and `x-default` for the default language's."""
    codes = [code for code, _name in settings.LANGUAGES if code in locations]
    found = [{"lang_code": code, "location": locations[code]} for code in codes]
    if settings.LANGUAGE_CODE in locations:
        found.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return found


class PortalSitemap(Sitemap):
    def items(self):
        roots = Page.objects.translation_of(self.get_wagtail_site().root_page, inclusive=True)
        in_a_tree = Q()
        for root in roots.only("path"):
            in_a_tree |= Q(path__startswith=root.path)
        return Page.objects.filter(in_a_tree).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        entries = []  # (translation key, language, url)
        for item in self.paginator.page(page).object_list.iterator():
            for url in item.get_sitemap_urls(self.request):
                url = {**url, "location": on_portal(url["location"])}
                entries.append((item.translation_key, languages.get(item.locale_id), url))
        translations: dict = {}
        for key, language, url in entries:
            translations.setdefault(key, {})[language] = url["location"]
        urls = []
        for key, _language, url in entries:
            if len(translations[key]) > 1:
                url["alternates"] = alternates(translations[key])
            urls.append(url)
        last_mods = {url.get("lastmod") for url in urls}
        if last_mods and None not in last_mods:  # as Wagtail's: for the Last-Modified header
            self.latest_lastmod = max(last_mods)
        return urls
