"""The members' background work: invitation e-mails, and a spreadsheet's import (with its progress)."""

from django.core.mail import get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from ..emails import message_to
from ..models import Invitation
from . import importing

# Invitations e-mailed over one connection to the mail server, and per task.
EMAILS_PER_TASK = 100


@task()
def email_invitations(invitation_ids: list[int]) -> None:
    """E-mail each open invitation its link, in the language chosen for its reader; note when it was sent."""
    invitations = list(
        Invitation.objects.open()
        .filter(pk__in=invitation_ids)
        .select_related("organisation", "invited_by")
        .order_by("pk")
    )
    messages = []
    for invitation in invitations:
        with translation.override(invitation.language):
            path = reverse("portal:invitation", args=[invitation.key])
        inviter = invitation.invited_by.get_full_name() if invitation.invited_by else ""
        messages.append(
            message_to(
                recipient=invitation.email,
                language=invitation.language,
                template="invitation",
                context={"invitation": invitation, "inviter": inviter, "accept_path": path},
            )
        )
    with get_connection() as connection:
        connection.send_messages(messages)
    Invitation.objects.filter(pk__in=[invitation.pk for invitation in invitations]).update(
        sent_at=timezone.now()
    )


@task()
def member_import_run(member_import_id: int) -> None:
    importing.run(member_import_id, send=email_invitations_in_batches)


def email_invitations_in_batches(invitation_ids: list[int]) -> None:
    for start in range(0, len(invitation_ids), EMAILS_PER_TASK):
        email_invitations.enqueue(invitation_ids[start : start + EMAILS_PER_TASK])
