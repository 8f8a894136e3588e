"""Background tasks of the portal app: e-mails about authorisation requests and their decisions, the
messages sent from the contact page, a person's copy of their data, and the link that confirms deleting
one's account."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .emails import address_of, send_to
from .models import AccessRequest, ContactMessage
from .privacy import copies
from .privacy.confirmation import erasure_token
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


@task()
def email_account_erasure_link(user_id: int, keep_certificates_public: bool) -> None:
    """Send the person who asked to delete their account the link that confirms it (in their language)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    token = erasure_token(user, keep_certificates_public=keep_certificates_public)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("portal:account_delete_confirm", kwargs={"token": token})
    send_to(
        recipients=[address_of(user)],
        language=language,
        template="account_erasure",
        context={"user": user, "confirm_path": path, "keep_certificates_public": keep_certificates_public},
    )
