"""Background tasks of the portal app: e-mails about authorisation requests and their decisions, the
messages sent from the contact page, and a person's copy of their data."""

from django.conf import settings
from django.contrib.auth.models import Group
from django_tasks import task

from .emails import address_of, send_to
from .models import AccessRequest, ContactMessage
from .privacy import copies
from .roles import COORDINATORS


def coordinators():
    return Group.objects.get(name=COORDINATORS).user_set.filter(is_active=True)


@task()
def email_request_received(access_request_id: int) -> None:
    """Tell the coordinators that someone asks for authorisation (each in their own language)."""
    access_request = AccessRequest.objects.select_related("user").get(pk=access_request_id)
    for coordinator in coordinators():
        send_to(
            recipients=[address_of(coordinator)],
            language=coordinator.language,
            template="request_received",
            context={"access_request": access_request, "coordinator": coordinator},
        )


@task()
def email_decision(access_request_id: int) -> None:
    """Tell the user what was decided about their request, in their language."""
    access_request = AccessRequest.objects.select_related("user").get(pk=access_request_id)
    user = access_request.user
    send_to(
        recipients=[address_of(user)],
        language=user.language or settings.LANGUAGE_CODE,
        template=f"request_{access_request.status}",
        context={"access_request": access_request, "user": user},
    )


@task()
def email_contact_message(message_id: int) -> None:
    """Hand a message from the contact page to each coordinator, in their own language; answering it
    answers its sender."""
    message = ContactMessage.objects.get(pk=message_id)
    for coordinator in coordinators():
        send_to(
            recipients=[coordinator.email],
            language=coordinator.language,
            template="contact_message",
            context={"contact_message": message, "coordinator": coordinator},
            reply_to=[message.email],
        )


@task()
def prepare_data_export(export_id: int) -> None:
    """Make the person's copy of their data and tell them it is ready; if it cannot be made, they are not
    left waiting: "My account" offers to ask again."""
    try:
        copies.data_export_prepare(export_id=export_id)
    except Exception:
        copies.data_export_failed(export_id=export_id)
        raise
