"""The portal's URLs plus the benchmark's reference endpoint: the cheapest response Django can give
through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok, name="bench_ok"), *portal_urlpatterns]
