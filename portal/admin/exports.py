"""Wagtail's own spreadsheet exports (the admin's reports: site history, locked and ageing pages, workflows;
and the redirects), at their usual addresses, with their CSV written through the portal's formula-safe
cells (portal/spreadsheets.py).

Site history lists the names of what was logged, and an access request is logged under the name of the
person who asked and their organisation, as they typed them: its CSV export must neutralise formulas as
the portal's own exports do. Wagtail writes these CSV files itself, with no setting to change that, so
the URL root serves each export view under the same address, ahead of Wagtail's, as a subclass that adds
`FormulaSafeExportMixin`; everything else about the view is Wagtail's.
"""

from functools import update_wrapper

from django.urls import URLPattern, include, path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import reports as wagtail_reports
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects import urls as wagtail_redirects

from ..spreadsheets import FormulaSafeExportMixin


def exports_view_class(pattern) -> type | None:
    """The class of this URL pattern's view when it writes a spreadsheet of a `list_export`, else None."""
    view_class = getattr(getattr(pattern, "callback", None), "view_class", None)
    if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
        return None
    list_export = pattern.callback.view_initkwargs.get("list_export", view_class.list_export)
    return view_class if list_export else None


def formula_safe(patterns: list) -> list[URLPattern]:
    """The export views among these URL patterns, at the same addresses, their CSV cells formula-safe.
    Wrapped as Wagtail wraps its admin's views: admin users only, never cached."""
    safe = []
    for pattern in patterns:
        view_class = exports_view_class(pattern)
        if view_class is None or issubclass(view_class, FormulaSafeExportMixin):
            continue
        shadow = type(view_class.__name__, (FormulaSafeExportMixin, view_class), {"__module__": __name__})
        view = shadow.as_view(**pattern.callback.view_initkwargs)
        view = update_wrapper(require_admin_access(never_cache(view)), view)  # keeps `view_class`
        safe.append(path(str(pattern.pattern), view))
    return safe


def formula_safe_admin_urls() -> list:
    """To include under the admin's address, before Wagtail's own URLs."""
    return [
        path("reports/", include(formula_safe(wagtail_reports.urlpatterns))),
        path("redirects/", include(formula_safe(wagtail_redirects.urlpatterns))),
    ]
