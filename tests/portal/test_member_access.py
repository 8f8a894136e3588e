"""Who may run an organisation's members: its managers and the network's coordinators. Every members'
screen and action (list, pending invitations, invite, send again, cancel, end, import, its preview and
confirmation, the template) answers "not found" to another organisation's manager, a former manager and a
plain member, and changes nothing for them; a visitor is sent to sign in. A manager cannot reach another
organisation's invitation, import or membership through their own organisation's address either."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.models import Invitation, MemberImport, Membership
from tests import factories

from .members_kit import managed_cooperative, people, url, xlsx_file

pytestmark = pytest.mark.django_db


class World:
    """Two organisations; the first with its manager, a member, two invitations and a previewed import."""

    def __init__(self, coordinator):
        self.organisation, self.manager = managed_cooperative()
        self.member = factories.MembershipFactory(organisation=self.organisation)
        self.to_resend = factories.InvitationFactory(organisation=self.organisation)
        self.to_cancel = factories.InvitationFactory(organisation=self.organisation)
        self.member_import = MemberImport.objects.create(
            organisation=self.organisation,
            uploaded_by=self.manager.user,
            file_name="m.xlsx",
            content=xlsx_file(people(2)),
            language="es",
        )
        self.other = factories.OrganisationFactory(name="Asociación de Mieleros del Sur")
        self.other_manager = factories.MembershipFactory(organisation=self.other, manages=True)
        self.former_manager = factories.MembershipFactory(
            organisation=self.organisation, manages=True, ended_at=timezone.localdate()
        )
        self.coordinator = coordinator

    def user(self, role):
        return {
            "manager": self.manager.user,
            "coordinator": self.coordinator,
            "other_manager": self.other_manager.user,
            "former_manager": self.former_manager.user,
            "member": self.member.user,
            "visitor": None,
        }[role]

    def surfaces(self):
        """(what, method, address, data) for every screen and action of the members."""
        org = self.organisation.pk
        invite = {"full_name": "Ana", "email": "ana@coop.example", "role": "member", "language": "es"}
        upload = {"file": SimpleUploadedFile("m.xlsx", xlsx_file(people(2, start=50))), "language": "es"}
        return [
            ("list", "get", url("organisation_members", org), None),
            ("invitations", "get", url("organisation_invitations", org), None),
            ("invite form", "get", url("organisation_invite", org), None),
            ("invite", "post", url("organisation_invite", org), invite),
            ("resend", "post", url("organisation_invitation_resend", org, self.to_resend.pk), {}),
            ("cancel", "post", url("organisation_invitation_cancel", org, self.to_cancel.pk), {}),
            ("end, asked", "get", url("organisation_member_end", org, self.member.pk), None),
            ("end", "post", url("organisation_member_end", org, self.member.pk), {}),
            ("import form", "get", url("organisation_member_import", org), None),
            ("import upload", "post", url("organisation_member_import", org), upload),
            ("preview", "get", url("organisation_member_import_detail", org, self.member_import.pk), None),
            ("confirm", "post", url("organisation_member_import_confirm", org, self.member_import.pk), {}),
            ("template xlsx", "get", url("organisation_member_import_template", org, "xlsx"), None),
            ("template csv", "get", url("organisation_member_import_template", org, "csv"), None),
        ]


ALLOWED = ["manager", "coordinator"]
REFUSED = ["other_manager", "former_manager", "member"]


@pytest.mark.parametrize("role", ALLOWED + REFUSED + ["visitor"])
def test_every_members_surface_follows_the_roles(
    client, coordinator, role, django_capture_on_commit_callbacks
):
    world = World(coordinator)
    if world.user(role) is not None:
        client.force_login(world.user(role))
    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for what, method, address, data in world.surfaces():
            response = getattr(client, method)(address, data) if data is not None else client.get(address)
            answers[what] = response.status_code
            if role == "visitor":
                assert "/accounts/login/" in response["Location"], what
    if role in ALLOWED:
        assert set(answers.values()) <= {200, 302}, answers
        assert Invitation.objects.filter(email="ana@coop.example").exists()
        assert Invitation.objects.get(pk=world.to_cancel.pk).cancelled_at is not None
        assert not Membership.objects.active().filter(pk=world.member.pk).exists()
        assert MemberImport.objects.get(pk=world.member_import.pk).status == MemberImport.Status.DONE
        assert MemberImport.objects.filter(status=MemberImport.Status.PREVIEW).count() == 1  # the upload
        assert mail.outbox
    else:
        assert set(answers.values()) == ({302} if role == "visitor" else {404}), answers
        assert Invitation.objects.count() == 2 and not Invitation.objects.filter(cancelled_at__isnull=False)
        assert Membership.objects.active().filter(pk=world.member.pk).exists()
        assert list(MemberImport.objects.values_list("status", flat=True)) == [MemberImport.Status.PREVIEW]
        assert mail.outbox == []


def test_a_manager_reaches_no_other_organisations_rows_through_their_own_address(client, coordinator):
    world = World(coordinator)
    theirs = {
        "invitation": factories.InvitationFactory(organisation=world.other),
        "membership": factories.MembershipFactory(organisation=world.other),
        "import": MemberImport.objects.create(
            organisation=world.other, file_name="m.csv", content=b"", language="es"
        ),
    }
    client.force_login(world.manager.user)
    own = world.organisation.pk
    for method, address in [
        ("post", url("organisation_invitation_resend", own, theirs["invitation"].pk)),
        ("post", url("organisation_invitation_cancel", own, theirs["invitation"].pk)),
        ("get", url("organisation_member_end", own, theirs["membership"].pk)),
        ("post", url("organisation_member_end", own, theirs["membership"].pk)),
        ("get", url("organisation_member_import_detail", own, theirs["import"].pk)),
        ("post", url("organisation_member_import_confirm", own, theirs["import"].pk)),
    ]:
        assert getattr(client, method)(address).status_code == 404, address
    assert Invitation.objects.get(pk=theirs["invitation"].pk).is_open
    assert Membership.objects.active().filter(pk=theirs["membership"].pk).exists()
    assert MemberImport.objects.get(pk=theirs["import"].pk).status == MemberImport.Status.PREVIEW
