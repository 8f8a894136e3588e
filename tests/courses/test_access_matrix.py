"""The access matrix: every role × every kind of item × every surface, against one table of outcomes.

For each cell the single check (`access.check`) and the listing filter (`access.filter_allowed`) must agree
with the table, and so must what the user sees: the page, the download, the search results, the library
and (for anonymous visitors) the sitemap.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from courses.access import policy as access
from courses.access import services
from courses.models import AccessLevel, DownloadEvent, MaterialPage
from portal.models import AccessRequest, Organisation
from portal.roles import EDITORS

from .. import factories

OPEN = "open"
ITEMS = ["public", "registered", "authorised", "priced", "members"]

#             public  registered       authorised                 priced (authorised level)  members
EXPECTED = {
    "anonymous": [OPEN, "sign_in", "sign_in", "sign_in", "sign_in"],
    "unverified": [OPEN, "verify_email", "verify_email", "verify_email", "verify_email"],
    "external": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "pending": [OPEN, OPEN, "await_decision", "await_decision", "members_only"],
    "approved": [OPEN, OPEN, OPEN, "buy", "members_only"],
    "expired": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "revoked": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "rejected": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "member": [OPEN, OPEN, OPEN, OPEN, OPEN],
    "lapsed_member": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "grant_holder": [OPEN, OPEN, OPEN, OPEN, OPEN],
    "editor": [OPEN, OPEN, "request_authorisation", "request_authorisation", "members_only"],
    "superuser": [OPEN, OPEN, OPEN, OPEN, OPEN],
}


def make_items(tree):
    items = {}
    for kind in ITEMS:
        level = AccessLevel.AUTHORISED if kind == "priced" else kind
        material = factories.MaterialPageFactory(
            parent=tree.materials,
            title=f"Material {kind}",
            slug=f"material-{kind}",
            access_level=level,
            price=Decimal("12.00") if kind == "priced" else None,
        )
        factories.add_file(material, f"{kind}.pdf")
        get_search_backend().add(material)
        items[kind] = material
    return items


def request_for(user, status, **fields):
    return AccessRequest.objects.create(
        user=user,
        organisation="Fondo",
        country="PE",
        role="Analista",
        purpose="Formación",
        accepted_terms=True,
        status=status,
        **fields,
    )


def make_user(role, items):
    today = timezone.localdate()
    if role == "anonymous":
        return None
    if role == "unverified":
        return factories.UserFactory(verified=False)
    if role == "superuser":
        return factories.UserFactory(is_superuser=True, is_staff=True)
    user = factories.UserFactory()
    if role == "pending":
        request_for(user, AccessRequest.Status.PENDING)
    elif role == "approved":
        request_for(user, AccessRequest.Status.APPROVED, expires_at=today + datetime.timedelta(days=30))
    elif role == "expired":
        request_for(user, AccessRequest.Status.APPROVED, expires_at=today - datetime.timedelta(days=1))
    elif role == "revoked":
        request_for(user, AccessRequest.Status.REVOKED)
    elif role == "rejected":
        request_for(user, AccessRequest.Status.REJECTED, reason="Sin relación con la Red")
    elif role == "member":
        factories.MembershipFactory(user=user)
    elif role == "lapsed_member":
        factories.MembershipFactory(user=user, organisation__status=Organisation.Status.LAPSED)
    elif role == "grant_holder":
        for item in items.values():
            services.entitlement_grant(user=user, item=item, by=None)
    elif role == "editor":
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def listed_decisions(response):
    return {item.pk: decision for item, decision in response.context["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_every_surface_follows_the_table(role, client, tree):
    items = make_items(tree)
    user = make_user(role, items)
    if user is not None:
        client.force_login(user)
    allowed_by_filter = set(
        access.filter_allowed(user, MaterialPage.objects.all()).values_list("pk", flat=True)
    )
    search = listed_decisions(client.get("/es/search/", {"type": "material"}))
    library = listed_decisions(client.get(tree.materials.url))
    sitemap = client.get("/sitemap.xml").content.decode() if user is None else ""

    for kind, expected in zip(ITEMS, EXPECTED[role], strict=True):
        item = items[kind]
        cell = f"{role} × {kind}"
        decision = access.check(user, item)
        assert (OPEN if decision.allowed else decision.next_step) == expected, cell
        assert (item.pk in allowed_by_filter) == decision.allowed, f"{cell}: check and filter disagree"

        page = client.get(item.url)
        assert page.context["decision"] == decision, f"{cell}: page"
        download_url = item.files.get().get_download_url()
        assert (download_url in page.content.decode()) == decision.allowed, f"{cell}: download link"

        before = DownloadEvent.objects.count()
        download = client.get(download_url)
        if decision.allowed:
            assert download.status_code == 200, f"{cell}: download"
            assert DownloadEvent.objects.count() == before + 1
        else:
            assert (download.status_code, download["Location"]) == (302, item.url), f"{cell}: download"
            assert DownloadEvent.objects.count() == before
        assert "no-store" in download["Cache-Control"]

        assert search[item.pk] == decision, f"{cell}: search"
        assert library[item.pk] == decision, f"{cell}: library"
        if user is None:
            assert (item.url in sitemap) == decision.allowed, f"{cell}: sitemap"
