"""Every CSV export of the portal, found by walking its URLs, opens in a spreadsheet without running what
users typed: an access request whose role is `=HYPERLINK("https://evil.example")` comes out as text.

The walk finds every view that writes a CSV (the portal's reports, and Wagtail's listing exports: site
history, locked and ageing pages, workflows, redirects, authorisations); a new export is tested here
without being listed, and one the test cannot reach fails it until it is given its arguments."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, resolve
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect

from courses.models import Enrolment
from payments import fulfilment
from payments.models import Order, Refund
from portal import services as portal_services
from portal.models import AccessRequest
from portal.spreadsheets import FORMULA_STARTS, CsvExport, FormulaSafeExportMixin

from .. import factories
from ..payments.helpers import open_order, session_for

HYPERLINK = '=HYPERLINK("https://evil.example")'
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # a number the portal wrote: -12.00 stays a number


def _callback_with_view_class(callback):
    while callback is not None and not hasattr(callback, "view_class"):
        callback = getattr(callback, "__wrapped__", None)
    return callback


def writes_csv(callback) -> bool:
    callback = _callback_with_view_class(callback)
    if callback is None:
        return False
    view_class = callback.view_class
    if issubclass(view_class, CsvExport):
        return True
    return issubclass(view_class, SpreadsheetExportMixin) and bool(
        callback.view_initkwargs.get("list_export", view_class.list_export)
    )


def export_routes(patterns=None, prefix="") -> set[str]:
    """The route of every URL pattern, anywhere in the project, whose view writes a CSV."""
    routes = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            routes |= export_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif writes_csv(pattern.callback):
            routes.add(prefix + str(pattern.pattern))
    return routes


def read(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def poisoned(tree, admin_user):
    """Text that a spreadsheet would run, typed wherever a user or an editor can type: an access request,
    a name, titles, a contributor, a licence, a refund's reason, a redirect."""
    external = factories.UserFactory(email="mallory@evil.example", full_name="@SUM(1+1)*cmd|' /C calc'!A0")
    access_request = AccessRequest.objects.create(
        user=external,
        organisation="+51 999 Evil",
        country="PE",
        role=HYPERLINK,
        purpose="-2+3",
        accepted_terms=True,
    )
    portal_services.access_request_approve(access_request=access_request, by=admin_user)  # site history

    licence = factories.LicenceFactory(name="=licence()", label="=licence()", revenue_share=Decimal("10"))
    partner = factories.ContributorFactory(name='=HYPERLINK("https://evil.example","partner")')
    material = factories.MaterialPageFactory(
        parent=tree.materials,
        title="-2+3 material",
        access_level="authorised",
        price=Decimal("12.00"),
        licence=licence,
    )
    factories.credit(material, partner)
    material.save_revision(user=admin_user).publish()
    material.locked, material.locked_by = True, admin_user
    material.save()
    order = open_order(external, material, licence=licence)
    fulfilment.fulfil(session=session_for(order))
    Order.objects.filter(pk=order.pk).update(amount_refunded=Decimal("12.00"), status=Order.Status.REFUNDED)
    Refund.objects.create(
        order=order, stripe_id="re_evil", amount=Decimal("12.00"), status="succeeded", reason="@refund"
    )

    course = factories.CoursePageFactory(parent=tree.courses, title="=course()")
    factories.LessonPageFactory(parent=course, title="+lesson")
    Redirect.objects.create(old_path="/viejo", redirect_link='=HYPERLINK("https://evil.example","go")')
    # A member of an organisation enrolled in the course: the organisation's learning export.
    membership = factories.MembershipFactory(user=external, organisation__name="@organisation")
    Enrolment.objects.create(user=external, course=course)
    organisation = membership.organisation
    return {"contributor": partner, "licence": licence, "course": course, "organisation": organisation}


def address(route: str, poisoned) -> str:
    """The address of an export route, its arguments taken from the poisoned data."""
    arguments = {
        "<int:pk>": poisoned["contributor"].pk,
        "<str:code>": poisoned["licence"].code,
        "<int:course_id>": poisoned["course"].pk,
        "<int:organisation_id>": poisoned["organisation"].pk,
    }
    for placeholder, value in arguments.items():
        route = route.replace(placeholder, str(value))
    assert "<" not in route, f"an export the test cannot reach yet: give it arguments ({route})"
    return f"/{route}"


@pytest.mark.django_db
def test_every_csv_export_writes_typed_formulas_as_text(admin_client, poisoned):
    routes = export_routes()
    # The walk does find the exports the coordinators use (and Wagtail's own reports).
    assert {
        "admin/access-requests/",
        "admin/reports/site-history/",
        "admin/reports/sales/",
        "admin/reports/licensing/contributors/<int:pk>/",
        "admin/reports/learning/<int:course_id>/",
        "admin/redirects/",
    } <= routes
    assert any(route.endswith("organisation/<int:organisation_id>/learning/") for route in routes)

    everything = []
    for route in sorted(routes):
        url = address(route, poisoned)
        view_class = _callback_with_view_class(resolve(url).func).view_class
        assert issubclass(view_class, CsvExport | FormulaSafeExportMixin), f"{url}: {view_class}"
        cells = [cell for row in read(admin_client.get(url, {"export": "csv"})) for cell in row]
        dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)]
        assert dangerous == [], f"{url} exports formulas: {dangerous}"
        everything += cells

    # What was typed is there, as text: the example first.
    for typed in (
        HYPERLINK,
        "+51 999 Evil",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3 material",
        '=HYPERLINK("https://evil.example","partner")',
        "=licence()",
        "@refund",
        "=course()",
        "+lesson",
        '=HYPERLINK("https://evil.example","go")',
    ):
        assert any(cell.startswith(f"'{typed}") for cell in everything), typed


@pytest.mark.django_db
def test_the_authorisations_export_shows_the_role_as_text(admin_client, poisoned):
    rows = read(admin_client.get("/admin/access-requests/", {"export": "csv"}))

    row = rows[1]
    assert f"'{HYPERLINK}" in row and HYPERLINK not in row
    assert "'+51 999 Evil" in row
    assert "mallory@evil.example" in row  # plain text is left alone
