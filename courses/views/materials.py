"""Front-end views that are not pages: the gated download, accepting licence terms, the site search."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from portal.speed import page_cache

from ..access import delivery, services
from ..access import policy as access
from ..catalogue.forms import AcceptTermsForm
from ..catalogue.search import SiteSearch, topics_in_use
from ..licensing import rules as licensing
from ..models import CoursePage, MaterialFile, MaterialPage

# When the files' storage fails, how long a browser (or a script) is told to wait before trying again.
RETRY_AFTER_SECONDS = 60


def _back_to(request, item, message: str):
    messages.warning(request, message)
    response = redirect(item.get_url(request))
    add_never_cache_headers(response)
    return response


@require_GET
def download(request, file_id: int):
    """Hand out one file of a material after the access policy allowed it and its terms were accepted where
    the licence asks for that; log it; deliver it with the licence (courses/access/delivery.py); never cache
    it."""
    material_file = page_cache.kept(request, f"download:{file_id}", lambda: _live_file(file_id))
    if not material_file:
        raise Http404
    material = material_file.page
    decision = access.decide(request, material)
    if not decision.allowed:
        return _back_to(request, material, decision.message)
    if licensing.acceptance_needed(request.user, material) is not None:
        accept = reverse("courses:accept_terms", kwargs={"page_id": material.pk})
        return redirect(f"{accept}?{urlencode({'next': request.get_full_path()})}")
    downloader = delivery.downloader_for(request.user, is_member=access.viewer_for(request.user).is_member)
    try:
        response = delivery.deliver(material, material_file, downloader, request.LANGUAGE_CODE)
    except delivery.FilesUnavailable:
        return files_unavailable(request, material)
    # Logged once the file is really on its way (the reports count files handed out, not attempts).
    services.download_record(material=material, file=material_file, downloader=downloader)
    return response


def _live_file(file_id: int) -> MaterialFile | bool:
    """The file with its material and the licence in force, or False: kept in memory (`page_cache.kept`)
    until pages are published again, which is also how a material stops being live."""
    found = (
        MaterialFile.objects.select_related("page", "page__licence__current_version")
        .filter(pk=file_id, page__live=True)
        .first()
    )
    return found or False


def files_unavailable(request, material):
    """503 in the site's layout: the storage of files cannot be reached just now; nothing was handed out."""
    response = render(
        request,
        "courses/unavailable.html",
        {"material": material, "page_title": _("Files are unavailable for a moment")},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def accept_terms(request, page_id: int):
    """Show a licence's terms in the user's language and record their acceptance, then go on (`next`)."""
    item = get_object_or_404(Page.objects.live().type(CoursePage, MaterialPage), pk=page_id).specific
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = item.get_url(request)
    decision = access.decide(request, item)
    if not decision.allowed and decision.next_step != access.NextStep.BUY:
        return _back_to(request, item, decision.message)
    licence = licensing.acceptance_needed(request.user, item)
    if licence is None:  # nothing (more) to accept
        return redirect(next_url)
    form = AcceptTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.licence_accept(user=request.user, item=item, language=request.LANGUAGE_CODE)
        messages.success(
            request, _("Thank you: you accepted the terms of “%(licence)s”.") % {"licence": licence}
        )
        return redirect(next_url)
    response = render(
        request,
        "courses/accept_terms.html",
        {
            "item": item,
            "licence": licence,
            "terms_text": licence.terms_text(request.LANGUAGE_CODE),
            "form": form,
            "next": next_url,
            # Accepting is then only ever for buying: the form goes on to the checkout in the same step.
            "buying": decision.next_step == access.NextStep.BUY,
            "page_title": _("Terms of use"),
        },
    )
    add_never_cache_headers(response)
    return response


@require_GET
def search(request):
    site_search = SiteSearch.from_request(request)
    page_obj, items, cards = site_search.page(request, request.GET.get("page"))
    response = render(
        request,
        "courses/search.html",
        {
            "search": site_search,
            "page_obj": page_obj,
            "items": items,
            "cards": cards,
            "topics": topics_in_use(site_search.locale, request),
            "page_title": _("Search"),
        },
    )
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    else:  # the same results for every visitor: kept in the page cache like the catalogues
        page_cache.mark_cacheable(request, response)
    return response
