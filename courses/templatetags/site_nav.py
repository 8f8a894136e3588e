"""The header of every page: links to this language's home and catalogues, and to this page in the other
languages (in the language switcher, and in the head as `hreflang` alternates for search engines). Both
change only when pages are published, moved or deleted, so they are kept in each process's memory under the
shared cache's generation (portal/speed/page_cache.py): no query and no round trip on most requests, and a
publication on any server renews them everywhere. The head also carries the page's description."""

from html import unescape

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

from portal.speed import page_cache

from ..models import CourseIndexPage, HomePage, MaterialIndexPage

register = template.Library()


def _cached(request, key: str, build):
    return page_cache.kept(request, f"nav:{request.get_host()}:{key}", build)


def _site_links(request, language: str) -> dict:
    """The addresses of this language's home page and of its course and material catalogues."""

    def build():
        pages = (
            Page.objects.live()
            .filter(locale__language_code=language, depth__in=(2, 3))
            .type(HomePage, CourseIndexPage, MaterialIndexPage)
            .specific(defer=True)
            .order_by("path")
        )
        links = {"home": "", "courses": "", "materials": ""}
        home = None
        for page in pages:
            if isinstance(page, HomePage) and home is None:
                home, links["home"] = page, page.get_url(request)
            elif home is not None and page.path.startswith(home.path):
                kind = "courses" if isinstance(page, CourseIndexPage) else "materials"
                links[kind] = links[kind] or page.get_url(request)
        return links

    return _cached(request, f"links:{language}", build)


@register.simple_tag(takes_context=True)
def site_links(context):
    request = context["request"]
    return _site_links(request, (get_language() or settings.LANGUAGE_CODE)[:2])


def _translation_urls(request, page: Page) -> dict[str, str]:
    """{language: address} of this page's live translations, itself included: read once per request (the
    switcher and the head's alternates share it), and kept in the process's memory under the generation."""
    per_request = request.__dict__.setdefault("_translation_urls", {})
    if page.pk not in per_request:

        def build():
            translations = Page.objects.translation_of(page, inclusive=True).live().select_related("locale")
            return {
                translation.locale.language_code: translation.get_url(request) for translation in translations
            }

        per_request[page.pk] = _cached(request, f"translations:{page.pk}", build)
    return per_request[page.pk]


def _absolute(url: str) -> str:
    return settings.PORTAL_BASE_URL + url if url.startswith("/") else url


@register.simple_tag(takes_context=True)
def page_alternates(context) -> list[dict]:
    """This page in each language it is published in, as absolute addresses for `<link rel="alternate"
    hreflang>`: one per language, and `x-default` for the default language's (Spanish). Empty outside
    pages, and for a page published in one language only."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or request is None or getattr(request, "is_preview", False):
        return []
    urls = _translation_urls(request, page)
    if len(urls) < 2:
        return []
    alternates = [
        {"code": code, "url": _absolute(urls[code])} for code, _name in settings.LANGUAGES if urls.get(code)
    ]
    if urls.get(settings.LANGUAGE_CODE):
        alternates.append({"code": "x-default", "url": _absolute(urls[settings.LANGUAGE_CODE])})
    return alternates


DESCRIPTION_FIELDS = ("search_description", "summary", "intro", "description")  # the first one filled


@register.filter
def page_description(page) -> str:
    """A page's description for search engines and shared links: its search description, else its summary
    or introduction as plain text, cut to about 160 characters. Only the page's own fields (no query), and
    only what the page shows everyone (never a lesson's body)."""
    for name in DESCRIPTION_FIELDS:
        text = " ".join(unescape(strip_tags(str(getattr(page, name, "") or ""))).split())
        if text:
            return Truncator(text).chars(160)
    return ""


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: its translation, else that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    urls = _translation_urls(request, page) if isinstance(page, Page) else {}
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = urls.get(code) or _site_links(request, code)["home"] or f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def sign_in_next(context) -> str:
    """Where signing in or up from the header brings the reader back: this page; but on the pages of signing
    in, up and out themselves (allauth names them all `account_…`), where the reader was already going, so
    that the links never nest a sign-in page into its own `next`."""
    request = context["request"]
    match = request.resolver_match
    if match is None or not (match.url_name or "").startswith("account_"):
        return request.get_full_path()
    going_to = request.GET.get("next") or request.POST.get("next", "")  # a refused form posts it back
    if url_has_allowed_host_and_scheme(
        going_to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return going_to
    return ""
