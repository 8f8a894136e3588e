"""/robots.txt: crawlers are pointed at the sitemap and kept out of the admin, the downloads and the
personal pages (the account, sign-in, learning, payments), which hold nothing to index."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

ALWAYS_DISALLOWED = ("/admin/", "/documents/")
# Under each language's prefix (/es/, /en/, /pt/).
DISALLOWED_IN_EACH_LANGUAGE = (
    "accounts/",
    "account/",
    "download/",
    "terms/",
    "learning/",
    "payments/",
    "offline/",
)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ALWAYS_DISALLOWED]
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/{path}" for path in DISALLOWED_IN_EACH_LANGUAGE]
    lines += ["", f"Sitemap: {settings.PORTAL_BASE_URL}/sitemap.xml", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response
