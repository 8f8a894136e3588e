"""Front-end views that are not pages: the gated download and the site search."""

from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from storages.backends.s3 import S3Storage

from . import access, services
from .models import MaterialFile
from .search import SiteSearch, topics_in_use


@require_GET
def download(request, file_id: int):
    """Hand out one file of a material after the access policy allowed it; log it; never cache it."""
    material_file = get_object_or_404(
        MaterialFile.objects.select_related("page"), pk=file_id, page__live=True
    )
    material = material_file.page
    decision = access.decide(request, material)
    if not decision.allowed:
        messages.warning(request, decision.message)
        response = redirect(material.get_url(request))
        add_never_cache_headers(response)
        return response
    services.download_record(
        user=request.user,
        material=material,
        file=material_file,
        is_member=access.viewer_for(request.user).is_member,
    )
    storage = material_file.file.storage
    if isinstance(storage, S3Storage):
        # A signed address valid for at most 60 seconds, forcing a download rather than display.
        url = storage.url(
            material_file.file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, material_file.filename)
            },
            expire=60,
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            storage.open(material_file.file.name, "rb"), as_attachment=True, filename=material_file.filename
        )
    add_never_cache_headers(response)
    return response


@require_GET
def search(request):
    site_search = SiteSearch.from_request(request)
    page_obj, items = site_search.page(request.GET.get("page"))
    response = render(
        request,
        "courses/search.html",
        {
            "search": site_search,
            "page_obj": page_obj,
            "items": access.with_decisions(request, items),
            "topics": topics_in_use(site_search.locale),
            "page_title": _("Search"),
        },
    )
    if request.user.is_authenticated:
        add_never_cache_headers(response)
    return response
