from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in each language: its translation, else that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    urls = {}
    if isinstance(page, Page):
        for translation in Page.objects.translation_of(page, inclusive=True).live().select_related("locale"):
            urls[translation.locale.language_code] = translation.get_url(request)
        missing = [code for code, _name in settings.LANGUAGES if code not in urls]
        if missing:
            root = page.get_site().root_page if page.get_site() else None
            if root is not None:
                for home in Page.objects.translation_of(root, inclusive=True).live().select_related("locale"):
                    urls.setdefault(home.locale.language_code, home.get_url(request))
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = urls.get(code) or f"/{code}/"
        else:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


@register.simple_tag(takes_context=True)
def locale_home(context):
    """The home page and the two catalogues of the active language's tree, for the header (one query)."""
    request = context["request"]
    cache = getattr(request, "_locale_home", None)
    if cache is None:
        from django.contrib.contenttypes.models import ContentType

        from courses.models import CourseIndexPage, HomePage, MaterialIndexPage

        kinds = ContentType.objects.get_for_models(HomePage, CourseIndexPage, MaterialIndexPage)
        by_type = {content_type.pk: model for model, content_type in kinds.items()}
        pages = (
            Page.objects.live()
            .filter(locale=Locale.get_active(), depth__in=(2, 3), content_type__in=list(by_type))
            .order_by("path")
        )
        cache = {"home": None, "courses": None, "materials": None}
        for page in pages:
            model = by_type[page.content_type_id]
            if model is HomePage and cache["home"] is None:
                cache["home"] = page
            elif cache["home"] is not None and page.path.startswith(cache["home"].path):
                key = "courses" if model is CourseIndexPage else "materials"
                cache[key] = cache[key] or page
        request._locale_home = cache
    return cache
