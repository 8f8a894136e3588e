"""The coordinators' admin screens for authorisation and the network, driven through the real admin
views with the test client: listing and filters, decisions (single and bulk), the dashboard panel, the
audit log, and who may not see any of it."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from courses.access import policy as access
from courses.models import AccessLevel
from portal import services
from portal.models import AccessRequest, Membership, Organisation, User
from portal.roles import COORDINATORS, EDITORS

from .. import factories

PENDING, APPROVED = AccessRequest.Status.PENDING, AccessRequest.Status.APPROVED


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(email="coordinacion@clase.example", full_name="Rosa Coordinadora")
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def editor(db):
    user = factories.UserFactory(email="editora@clase.example")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def ask(email: str, country: str = "PE", organisation: str = "ONG Andina", **extra) -> AccessRequest:
    # Created by the service, as the portal does; its e-mail to the coordinators waits for a commit that a
    # non-transactional test never makes, so the outbox starts empty.
    return services.access_request_create(
        user=extra.pop("user", None) or factories.UserFactory(email=email),
        organisation=organisation,
        country=country,
        role="Técnica",
        purpose="Formar a promotores",
        accepted_terms=True,
        **extra,
    )


def url(name: str, *args) -> str:
    return reverse(f"access_requests:{name}", args=args)


def bulk_url(action: str, *requests) -> str:
    ids = "&".join(f"id={request.pk}" for request in requests)
    return reverse("wagtail_bulk_action", args=["portal", "accessrequest", action]) + f"?{ids}"


def said(text: str) -> str:
    """A message as the admin shows it: in the site's default language (coordinators work in Spanish
    unless their profile says otherwise), HTML-escaped."""
    with translation.override(settings.LANGUAGE_CODE):
        return escape(translation.gettext(text))


def fresh(user) -> User:
    """The user as the next request will load it (the access policy caches its facts on the object)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def authorised_material(tree):
    return factories.MaterialPageFactory(
        parent=tree.materials, title="Manual de certificación", access_level=AccessLevel.AUTHORISED
    )


@pytest.mark.django_db
def test_the_list_filters_by_status_country_and_date_and_searches_people_and_organisations(admin_client):
    peru = ask("ana@ong.example")
    bolivia = ask("bruno@fundacion.example", country="BO", organisation="Fundación Semilla")
    old = ask("carla@coop.example", country="BO")
    AccessRequest.objects.filter(pk=old.pk).update(
        status=AccessRequest.Status.REJECTED, created_at=timezone.now() - datetime.timedelta(days=40)
    )

    def listed(**params) -> set[str]:
        html = admin_client.get(url("list"), params).content.decode()
        return {
            email
            for email in ("ana@ong.example", "bruno@fundacion.example", "carla@coop.example")
            if email in html
        }

    assert listed() == {"ana@ong.example", "bruno@fundacion.example", "carla@coop.example"}
    assert listed(status=PENDING) == {"ana@ong.example", "bruno@fundacion.example"}
    assert listed(country="BO") == {"bruno@fundacion.example", "carla@coop.example"}
    assert listed(status=PENDING, country="BO") == {"bruno@fundacion.example"}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(created_at_from=since) == {"ana@ong.example", "bruno@fundacion.example"}
    assert listed(created_at_to=since) == {"carla@coop.example"}
    assert listed(q="semilla") == {"bruno@fundacion.example"}
    assert listed(q="ana@ong") == {"ana@ong.example"}
    exported = b"".join(admin_client.get(url("list"), {"status": PENDING, "export": "csv"}).streaming_content)
    assert exported.count(b"\n") == 3 and b"bruno@fundacion.example" in exported  # heading + 2 rows
    # Titles lead to the inspect page, never to an edit form.
    html = admin_client.get(url("list")).content.decode()
    assert url("inspect", peru.pk) in html and url("approve", bolivia.pk) in html
    assert "/edit/" not in html


@pytest.mark.django_db
def test_the_inspect_page_shows_the_request_the_item_and_the_users_earlier_requests(
    admin_client, coordinator, authorised_material
):
    first = ask("dora@ong.example", organisation="Primera ONG")
    services.access_request_reject(access_request=first, by=coordinator, reason="Falta la carta aval")
    again = ask("", user=first.user, organisation="Segunda ONG", requested_page=authorised_material)

    html = admin_client.get(url("inspect", again.pk)).content.decode()

    assert "Segunda ONG" in html and "Manual de certificación" in html
    assert "Falta la carta aval" in html and url("inspect", first.pk) in html  # the history
    assert url("approve", again.pk) in html and url("reject", again.pk) in html
    assert url("revoke", again.pk) not in html


@pytest.mark.django_db
def test_approving_with_an_end_date_authorises_mails_the_user_and_logs_the_coordinator(
    admin_client, coordinator, authorised_material, django_capture_on_commit_callbacks
):
    access_request = ask("eva@ong.example")
    assert not access.check(fresh(access_request.user), authorised_material).allowed
    until = timezone.localdate() + datetime.timedelta(days=90)
    assert admin_client.get(url("approve", access_request.pk)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("approve", access_request.pk), {"expires_at": until.isoformat()})

    assert response.status_code == 302 and response["Location"] == url("inspect", access_request.pk)
    access_request.refresh_from_db()
    assert (access_request.status, access_request.expires_at) == (APPROVED, until)
    assert access_request.decided_by == coordinator
    assert access.check(fresh(access_request.user), authorised_material).allowed
    (message,) = mail.outbox
    assert message.to == ["eva@ong.example"]
    entry = ModelLogEntry.objects.get(action="portal.access_request.approve")
    assert entry.user == coordinator and entry.object_id == str(access_request.pk)
    page = admin_client.get(response["Location"]).content.decode()
    assert said("Approved: %(person)s is authorised.").split(":")[0] in page  # the success message


@pytest.mark.django_db
def test_an_end_date_in_the_past_is_refused_by_the_service_and_shown_on_the_form(admin_client):
    access_request = ask("fede@ong.example")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = admin_client.post(url("approve", access_request.pk), {"expires_at": yesterday.isoformat()})

    assert response.status_code == 200
    assert response.context["form"].errors["expires_at"] == [
        said("The end of the authorisation must be in the future.")
    ]
    access_request.refresh_from_db()
    assert access_request.status == PENDING and not ModelLogEntry.objects.exists()


@pytest.mark.django_db
def test_rejecting_without_a_reason_is_refused_clearly_and_changes_nothing(
    admin_client, django_capture_on_commit_callbacks
):
    access_request = ask("gala@ong.example")

    with django_capture_on_commit_callbacks(execute=True):
        for reason in ("", "   "):
            response = admin_client.post(url("reject", access_request.pk), {"reason": reason})
            assert response.status_code == 200
            assert (
                said("Say why the request is rejected: the user will read it.") in response.content.decode()
            )

    access_request.refresh_from_db()
    assert access_request.status == PENDING and access_request.decided_by is None
    assert not mail.outbox and not ModelLogEntry.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("reject", access_request.pk), {"reason": "Falta la carta aval"})
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REJECTED
    assert "Falta la carta aval" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_request_decided_meanwhile_shows_the_services_refusal(admin_client, coordinator):
    access_request = ask("hugo@ong.example")
    services.access_request_reject(access_request=access_request, by=coordinator, reason="Duplicada")

    response = admin_client.post(url("approve", access_request.pk), {"expires_at": ""})

    assert response.status_code == 200
    assert said("Only a request waiting for a decision can be approved.") in response.content.decode()
    # And the form is not offered any more for it.
    assert admin_client.get(url("approve", access_request.pk)).status_code == 302


@pytest.mark.django_db
def test_revoking_ends_access_at_once(
    admin_client, coordinator, authorised_material, django_capture_on_commit_callbacks
):
    access_request = services.access_request_approve(access_request=ask("ines@ong.example"), by=coordinator)
    assert access.check(fresh(access_request.user), authorised_material).allowed

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("revoke", access_request.pk), {"reason": "Fin del convenio"})

    assert response.status_code == 302
    access_request.refresh_from_db()
    assert access_request.status == AccessRequest.Status.REVOKED
    assert not access.check(fresh(access_request.user), authorised_material).allowed
    assert [message.to for message in mail.outbox] == [["ines@ong.example"]]
    assert ModelLogEntry.objects.get(action="portal.access_request.revoke").user == coordinator


@pytest.mark.django_db
def test_bulk_approval_decides_each_pending_request_and_leaves_the_others(
    admin_client, coordinator, django_capture_on_commit_callbacks
):
    first, second = ask("juan@ong.example"), ask("kira@ong.example")
    decided = ask("luis@ong.example")
    services.access_request_reject(access_request=decided, by=coordinator, reason="No")

    page = admin_client.get(bulk_url("approve", first, second, decided)).content.decode()
    assert "juan@ong.example" in page and "kira@ong.example" in page
    assert said("Already decided, and left as they are:") in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            bulk_url("approve", first, second, decided) + f"&next={url('list')}", {"expires_at": ""}
        )

    assert response.status_code == 302 and response["Location"] == url("list")
    assert set(
        AccessRequest.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {APPROVED}
    assert AccessRequest.objects.get(pk=decided.pk).status == AccessRequest.Status.REJECTED
    assert sorted(message.to[0] for message in mail.outbox) == ["juan@ong.example", "kira@ong.example"]
    entries = ModelLogEntry.objects.filter(action="portal.access_request.approve")
    assert entries.count() == 2 and {entry.user for entry in entries} == {coordinator}


@pytest.mark.django_db
def test_bulk_rejection_needs_one_reason_for_all(admin_client, django_capture_on_commit_callbacks):
    first, second = ask("mara@ong.example"), ask("nico@ong.example")

    refused = admin_client.post(bulk_url("reject", first, second), {"reason": ""})
    assert refused.status_code == 200
    assert said("Say why the request is rejected: the user will read it.") in refused.content.decode()
    assert AccessRequest.objects.pending().count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(bulk_url("reject", first, second), {"reason": "Convocatoria cerrada"})
    assert not AccessRequest.objects.pending().exists()
    assert all("Convocatoria cerrada" in message.body for message in mail.outbox) and len(mail.outbox) == 2


@pytest.mark.django_db
def test_selecting_all_in_the_listing_keeps_its_filters(admin_client):
    peru, bolivia = ask("olga@ong.example"), ask("pablo@ong.example", country="BO")
    all_in_bolivia = reverse("wagtail_bulk_action", args=["portal", "accessrequest", "approve"])
    admin_client.post(f"{all_in_bolivia}?id=all&status=pending&country=BO", {"expires_at": ""})

    assert AccessRequest.objects.get(pk=bolivia.pk).status == APPROVED
    assert AccessRequest.objects.get(pk=peru.pk).status == PENDING


@pytest.mark.django_db
def test_the_dashboard_shows_the_pending_count_with_a_link_to_the_filtered_list(admin_client, coordinator):
    ask("quim@ong.example"), ask("rita@ong.example")
    services.access_request_approve(access_request=ask("saul@ong.example"), by=coordinator)

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'data-pending-requests="2"' in html
    assert f"{url('list')}?status=pending" in html


@pytest.mark.django_db
def test_requests_are_never_edited_added_or_deleted_in_the_admin(admin_client, client, coordinator):
    access_request = ask("tere@ong.example")
    assert admin_client.get(url("edit", access_request.pk))["Location"] == url("inspect", access_request.pk)
    assert admin_client.get(url("add"))["Location"] == reverse("wagtailadmin_home")
    delete_url = reverse("access_requests:delete", args=[access_request.pk])
    assert admin_client.post(delete_url)["Location"] == reverse("wagtailadmin_home")
    superuser = User.objects.create_superuser(email="root@clase.example", password="x")
    client.force_login(superuser)
    assert client.post(delete_url)["Location"] == reverse("wagtailadmin_home")
    assert AccessRequest.objects.filter(pk=access_request.pk).exists()


@pytest.mark.django_db
def test_editors_get_none_of_these_screens(client, editor, coordinator):
    access_request = ask("ursula@ong.example")
    membership = factories.MembershipFactory(verified=False)
    client.force_login(editor)
    home = reverse("wagtailadmin_home")

    for address in [
        url("list"),
        url("inspect", access_request.pk),
        url("approve", access_request.pk),
        bulk_url("approve", access_request),
        reverse("organisations:index"),
        reverse("memberships:index"),
        reverse("memberships:confirm", args=[membership.pk]),
        reverse("partner-domains:index"),
        reverse("entitlements:index"),
        reverse("entitlements:add"),
    ]:
        assert client.get(address)["Location"] == home, address
    assert client.post(url("approve", access_request.pk), {"expires_at": ""})["Location"] == home
    assert client.post(bulk_url("approve", access_request), {"expires_at": ""})["Location"] == home
    assert client.post(reverse("memberships:confirm", args=[membership.pk]))["Location"] == home

    access_request.refresh_from_db()
    membership.refresh_from_db()
    assert access_request.status == PENDING and not membership.verified
    chooser = client.get("/admin/snippets/choose/portal/accessrequest/", follow=True)
    assert chooser.status_code == 404  # no snippet chooser listing the requesters
    dashboard = client.get(home).content.decode()
    assert "data-pending-requests" not in dashboard and url("list") not in dashboard


@pytest.mark.django_db
def test_every_decision_reads_clearly_in_the_site_history(admin_client, coordinator):
    until = timezone.localdate() + datetime.timedelta(days=30)
    services.access_request_approve(access_request=ask("vera@ong.example"), by=coordinator, expires_at=until)
    services.access_request_reject(access_request=ask("walt@ong.example"), by=coordinator, reason="Sin aval")

    html = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()

    assert said("Approved, valid until %(date)s").split("%")[0] in html
    assert said("Rejected: %(reason)s") % {"reason": "Sin aval"} in html
    assert "Rosa Coordinadora" in html
    for action in (
        "portal.access_request.approve",
        "portal.access_request.reject",
        "portal.access_request.revoke",
        "portal.membership.confirm",
        "courses.entitlement.grant",
        "courses.entitlement.revoke",
    ):
        assert log_registry.action_exists(action) and log_registry.get_action_label(action)


@pytest.mark.django_db
def test_the_coordinators_email_links_to_the_request_and_the_list(
    django_capture_on_commit_callbacks, coordinator
):
    with django_capture_on_commit_callbacks(execute=True):
        access_request = ask("xime@ong.example")

    (message,) = mail.outbox
    assert f"http://testserver{url('inspect', access_request.pk)}" in message.body
    assert f"http://testserver{url('list')}?status=pending" in message.body


@pytest.mark.django_db
def test_organisations_are_filtered_and_searched(admin_client):
    Organisation.objects.create(name="Cooperativa Norte", country="PE", status=Organisation.Status.ACTIVE)
    Organisation.objects.create(name="Red Sur", country="CL", kind="network", status="lapsed")

    def listed(**params):
        html = admin_client.get(reverse("organisations:index"), params).content.decode()
        return {name for name in ("Cooperativa Norte", "Red Sur") if name in html}

    assert listed(status="lapsed") == {"Red Sur"} and listed(kind="network") == {"Red Sur"}
    assert listed(country="PE") == {"Cooperativa Norte"} and listed(q="norte") == {"Cooperativa Norte"}
    created = admin_client.post(
        reverse("organisations:add"),
        {"name": "Nueva", "country": "EC", "kind": "other", "status": "active"},
    )
    assert created.status_code == 302 and Organisation.objects.filter(name="Nueva").exists()


@pytest.mark.django_db
def test_a_coordinator_confirms_a_membership_and_it_is_logged(admin_client, coordinator):
    membership = factories.MembershipFactory(verified=False, user__email="yara@coop.example")
    listing = admin_client.get(reverse("memberships:index"), {"verified": "false"}).content.decode()
    assert "yara@coop.example" in listing and reverse("memberships:confirm", args=[membership.pk]) in listing
    assert admin_client.get(reverse("memberships:index"), {"q": "yara"}).status_code == 200

    response = admin_client.post(reverse("memberships:confirm", args=[membership.pk]))

    assert response.status_code == 302
    assert Membership.objects.active().filter(pk=membership.pk).exists()
    assert ModelLogEntry.objects.get(action="portal.membership.confirm").user == coordinator


@pytest.mark.django_db
def test_memberships_are_created_by_email_and_never_confirmed_by_the_form(admin_client):
    user = factories.UserFactory(email="zoe@coop.example")
    organisation = factories.OrganisationFactory()
    add = reverse("memberships:add")

    unknown = admin_client.post(
        add, {"user": "nadie@coop.example", "organisation": organisation.pk, "role": "member"}
    )
    assert said("No account uses this e-mail address or login name.") in unknown.content.decode()
    admin_client.post(
        add, {"user": "ZOE@coop.example", "organisation": organisation.pk, "role": "member", "verified": "on"}
    )

    membership = Membership.objects.get(user=user)
    assert not membership.verified  # confirming is the logged action, not a checkbox


@pytest.mark.django_db
def test_a_member_without_e_mail_is_found_by_login_name(admin_client):
    rosa = factories.UserFactory(email=None, login_name="+50588887777", vouched=True, verified=False)
    organisation = factories.OrganisationFactory()
    typed = {"user": "+505 8888 7777", "organisation": organisation.pk, "role": "member"}
    admin_client.post(reverse("memberships:add"), typed)
    membership = Membership.objects.get(user=rosa)
    edit = admin_client.get(reverse("memberships:edit", args=[membership.pk])).content.decode()
    assert 'value="+50588887777"' in edit
