"""What the authorisation screens and their bulk actions share: the URL namespace, the search fields,
how a request's status and person are shown, and which decisions a request in each state offers."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AccessRequest

SEARCH_FIELDS = ["user__email", "user__full_name", "organisation"]
PENDING = AccessRequest.Status.PENDING
URL_NAMESPACE = "access_requests"


def status_label(access_request: AccessRequest) -> str:
    """The status as coordinators need it: an approval past its end date says so."""
    if access_request.has_expired:
        return gettext("Expired")
    return access_request.get_status_display()


def person_label(user) -> str:
    if user is None:  # an order or a record kept after its person erased their account
        return gettext("Account erased")
    name, login = user.get_full_name(), user.sign_in_name
    return login if name == login else f"{name} ({login})"


# The decisions open for a request in each state: (decision, label, CSS class of its button).
_APPROVE = ("approve", _("Approve"), "")
_REJECT = ("reject", _("Reject"), "serious")
_REVOKE = ("revoke", _("Revoke"), "serious")


def decisions_for(access_request: AccessRequest) -> list[tuple]:
    if access_request.status == PENDING:
        return [_APPROVE, _REJECT]
    if access_request.is_in_force:
        return [_REVOKE]
    return []


def decision_url(decision: str, access_request: AccessRequest, next_url: str = "") -> str:
    url = reverse(f"{URL_NAMESPACE}:{decision}", args=[quote(access_request.pk)])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
