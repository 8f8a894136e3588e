from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from courses.catalogue.sitemap import PortalSitemap
from courses.views import lesson_media
from courses.views.web_app import service_worker
from payments import views as payments_views
from portal.admin.exports import formula_safe_admin_urls

from . import save_data
from .robots import robots_txt

urlpatterns = [
    # Wagtail's own CSV exports, at their usual addresses, formula-safe (portal/admin/exports.py).
    path("admin/", include(formula_safe_admin_urls())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}),
    path("robots.txt", robots_txt),
    # The service worker, at the root so that its scope is the whole site (courses/views/web_app.py).
    path("sw.js", service_worker, name="service_worker"),
    # A lesson's media, for readers the access policy lets open the lesson (courses/views/lesson_media.py).
    # Without a language prefix: the same file for every language's page, one copy in a saved course.
    path("lesson-media/<int:lesson_id>/<int:media_id>/", lesson_media.lesson_media, name="lesson_media"),
    path(
        "lesson-media/<int:lesson_id>/<int:media_id>/light/",
        lesson_media.lesson_media_light,
        name="lesson_media_light",
    ),
    path(
        "lesson-media/<int:lesson_id>/<int:media_id>/captions/<str:language>.vtt",
        lesson_media.lesson_media_captions,
        name="lesson_media_captions",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    # Stripe calls it without a language prefix; signed by Stripe instead of a CSRF token.
    path("payments/webhook/", payments_views.webhook, name="payments_webhook"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("save-data/", save_data.choose, name="save_data"),
    path("", include("portal.account_urls")),
    path("", include("courses.urls")),
    path("", include("payments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
