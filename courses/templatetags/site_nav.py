"""The header of every page: links to this language's home and catalogues, and to this page in the other
languages. Both change only when pages are published, moved or deleted, so they are kept in each process's
memory under the shared cache's generation (courses/page_cache.py): no query and no round trip on most
requests, and a publication on any server renews them everywhere."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from wagtail.models import Page

from .. import page_cache
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


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: its translation, else that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    if isinstance(page, Page):

        def build():
            translations = Page.objects.translation_of(page, inclusive=True).live().select_related("locale")
            return {
                translation.locale.language_code: translation.get_url(request) for translation in translations
            }

        urls = _cached(request, f"translations:{page.pk}", build)
    else:
        urls = {}
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
