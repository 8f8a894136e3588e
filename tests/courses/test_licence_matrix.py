"""The access matrix extended with licence variants: a ceiling narrower than the item's level, a price under
a licence that forbids sale, an ended agreement, terms to accept before the first download. The single
check, the listing filter and what the library and the item's page show must agree with the table; and a
licence that changes or ends narrows access and stops sales at once, without re-publishing the item."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from courses.access import policy as access
from courses.access import services
from courses.licensing import changes as licensing_changes
from courses.models import AccessLevel, MaterialPage
from portal.models import AccessRequest, PortalSettings

from .. import factories
from .test_access_matrix import OPEN, request_for

ITEMS = ["capped", "partner", "no_sale", "ended", "ended_priced", "plain_priced", "accept"]

# capped: a public item under "members only"; partner: a public item under an agreement for authorised users;
# no_sale: a priced item under a non-commercial licence; ended: a public item whose agreement ended yesterday;
# ended_priced: a priced item under that agreement; plain_priced: a priced item under CC BY (may be sold);
# accept: a public item under a licence whose terms are accepted before the first download (opening the page
# needs nothing; downloading needs an account that accepted the terms).
EXPECTED = {
    "anonymous": ["sign_in", "sign_in", "sign_in", "sign_in", "sign_in", "sign_in", OPEN],
    "unverified": ["verify_email"] * 6 + [OPEN],
    "external": [
        "members_only",
        "request_authorisation",
        "unavailable",
        "members_only",
        "members_only",
        "request_authorisation",
        OPEN,
    ],
    "pending": [
        "members_only",
        "await_decision",
        "unavailable",
        "members_only",
        "members_only",
        "await_decision",
        OPEN,
    ],
    "approved": ["members_only", OPEN, "unavailable", "members_only", "members_only", "buy", OPEN],
    "member": [OPEN] * 7,
    "paying_member": [OPEN, OPEN, "unavailable", OPEN, "unavailable", "buy", OPEN],
    "grant_holder": ["members_only", OPEN, OPEN, "members_only", "members_only", OPEN, OPEN],
    "superuser": [OPEN] * 7,
}


def partner_agreement(**fields):
    defaults = {
        "name": "Convenio con el Fondo Solidario",
        "widest_level": AccessLevel.AUTHORISED,
        "may_be_sold": True,
        "agreement_ends": timezone.localdate() + datetime.timedelta(days=365),
    }
    return factories.LicenceFactory(**{**defaults, **fields})


def make_items(tree):
    ended = partner_agreement(agreement_ends=timezone.localdate() - datetime.timedelta(days=1))
    specs = {
        "capped": (AccessLevel.PUBLIC, None, factories.shipped("ARR-MEMBERS")),
        "partner": (AccessLevel.PUBLIC, None, partner_agreement()),
        "no_sale": (AccessLevel.AUTHORISED, Decimal("12.00"), factories.shipped("CC-BY-NC-4.0")),
        "ended": (AccessLevel.PUBLIC, None, ended),
        "ended_priced": (AccessLevel.AUTHORISED, Decimal("12.00"), ended),
        "plain_priced": (AccessLevel.AUTHORISED, Decimal("12.00"), factories.shipped("CC-BY-4.0")),
        "accept": (AccessLevel.PUBLIC, None, factories.LicenceFactory(acceptance_required=True)),
    }
    fund = factories.ContributorFactory(name="Fondo Solidario")
    items = {}
    for kind, (level, price, licence) in specs.items():
        material = factories.MaterialPageFactory(
            parent=tree.materials,
            title=f"Material {kind}",
            slug=f"material-{kind}",
            access_level=level,
            price=price,
            licence=licence,
        )
        factories.add_file(material, f"{kind}.pdf")
        items[kind] = factories.credit(material, fund, role="copyright_holder")
    return items


def make_user(role, items):
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
        request_for(user, AccessRequest.Status.APPROVED)
    elif role in ("member", "paying_member"):
        factories.MembershipFactory(user=user)
        if role == "paying_member":
            portal_settings = PortalSettings.load()
            portal_settings.members_pay = True
            portal_settings.save()
    elif role == "grant_holder":
        for item in items.values():
            services.entitlement_grant(user=user, item=item, by=None)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", EXPECTED)
def test_check_filter_and_pages_follow_the_licence_table(role, client, tree):
    items = make_items(tree)
    user = make_user(role, items)
    if user is not None:
        client.force_login(user)
    allowed_by_filter = set(
        access.filter_allowed(user, MaterialPage.objects.all()).values_list("pk", flat=True)
    )
    library = {item.pk: decision for item, decision in client.get(tree.materials.url).context["items"]}

    for kind, expected in zip(ITEMS, EXPECTED[role], strict=True):
        cell = f"{role} × {kind}"
        item = MaterialPage.objects.get(pk=items[kind].pk)
        decision = access.check(user, item)
        assert (OPEN if decision.allowed else decision.next_step) == expected, cell
        assert (item.pk in allowed_by_filter) == decision.allowed, f"{cell}: check and filter disagree"
        assert library[item.pk] == decision, f"{cell}: library"
        page = client.get(item.url)
        assert page.context["decision"] == decision, f"{cell}: page"
        download_url = item.files.get().get_download_url()
        download = client.get(download_url)
        if decision.allowed and item.licence_terms.acceptance_required:
            assert f"/terms/{item.pk}/" in download["Location"], f"{cell}: terms before the first download"
            if user is None:  # accepting needs an account
                assert "/accounts/login/" in client.get(download["Location"])["Location"], cell
                continue
            services.licence_accept(user=user, item=item, language="es")
            download = client.get(download_url)
        assert (download.status_code == 200) == decision.allowed, f"{cell}: download"


def fresh(item):
    """The item as the next request loads it."""
    return MaterialPage.objects.get(pk=item.pk)


@pytest.mark.django_db
def test_a_revised_licence_narrows_access_at_once_without_republishing(tree, member):
    licence = factories.LicenceFactory(widest_level=AccessLevel.PUBLIC)
    material = factories.MaterialPageFactory(parent=tree.materials, licence=licence)
    revisions = material.revisions.count()
    assert access.check(None, fresh(material)).allowed

    licensing_changes.licence_new_version(
        licence=licence, changes={"widest_level": AccessLevel.MEMBERS}, by=None
    )

    assert access.check(None, fresh(material)).next_step == access.NextStep.SIGN_IN
    assert access.check(member, fresh(material)).allowed
    assert not access.filter_allowed(None, MaterialPage.objects.filter(pk=material.pk)).exists()
    assert access.filter_allowed(member, MaterialPage.objects.filter(pk=material.pk)).exists()
    assert material.revisions.count() == revisions and fresh(material).licence_id == licence.pk


@pytest.mark.django_db
def test_sales_stop_when_the_licence_turns_non_commercial(client, tree):
    licence = factories.LicenceFactory(widest_level=AccessLevel.AUTHORISED, may_be_sold=True)
    material = factories.MaterialPageFactory(
        parent=tree.materials, access_level=AccessLevel.AUTHORISED, price=Decimal("9.00"), licence=licence
    )
    buyer = factories.UserFactory()
    request_for(buyer, AccessRequest.Status.APPROVED)
    assert access.check(buyer, fresh(material)).next_step == access.NextStep.BUY

    licensing_changes.licence_new_version(licence=licence, changes={"may_be_sold": False}, by=None)

    access.forget(buyer)
    assert access.check(buyer, fresh(material)).next_step == access.NextStep.UNAVAILABLE
    client.force_login(buyer)
    html = client.get(material.url).content.decode()
    with translation.override("es"):
        assert escape(str(access.NextStep.UNAVAILABLE.label)) in html
    assert 'class="badge price"' not in html


@pytest.mark.django_db
def test_the_day_after_an_agreement_ends_its_items_are_for_members_only(tree, member, monkeypatch):
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    material = factories.MaterialPageFactory(
        parent=tree.materials, licence=partner_agreement(agreement_ends=last_day)
    )
    external = factories.UserFactory()
    request_for(external, AccessRequest.Status.APPROVED)
    assert access.check(external, fresh(material)).allowed

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: last_day + datetime.timedelta(days=1))

    access.forget(external)
    assert access.check(external, fresh(material)).next_step == access.NextStep.MEMBERS_ONLY
    assert access.check(member, fresh(material)).allowed
    assert not access.filter_allowed(external, MaterialPage.objects.filter(pk=material.pk)).exists()
    assert fresh(material).effective_access_level == AccessLevel.MEMBERS
