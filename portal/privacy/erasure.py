"""A person's account erased at their request, in one transaction: what names them is deleted or unlinked,
what the law keeps (orders, invoices) and what others rely on (certificates, licence acceptances, download
counts) stays without them.

The portal does not know what the other apps hold (it imports neither courses nor payments): each app
registers an eraser from its `AppConfig.ready()`, a function `(user, keep_certificates_public) -> None` that
unlinks or deletes its own records. `account_erase` runs them all, then the portal's own part, then deletes
the user row, all inside one `transaction.atomic`: a failure anywhere leaves the account as it was.

The user row is deleted, not anonymised: a row kept as a "deleted person" would still be a link between
everything that pointed to it, and nothing the portal keeps needs a person to point to. Records that must
outlive it point to nobody (a nullable foreign key, PROTECT: deleting the row fails loudly, and rolls back,
if an eraser forgot one).
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry, Revision

from ..models import ContactMessage, Invitation
from .copies import data_exports_forget

Eraser = Callable[[Any, bool], None]
_erasers: list[Eraser] = []

ERASED = "—"  # what stands in an audit-log label for a name that is gone


def eraser_register(eraser: Eraser) -> Eraser:
    """Run `eraser(user, keep_certificates_public)` inside every account's erasure (once however often an
    app's `ready()` runs)."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def identifiers(user) -> list[str]:
    """What names the person in free text: their name, e-mail address and login name."""
    names = [user.full_name, user.first_name, user.last_name, user.email, user.login_name]
    if user.first_name and user.last_name:
        names.append(f"{user.first_name} {user.last_name}")
    return sorted({name.strip() for name in names if name and len(name.strip()) > 2}, key=len, reverse=True)


def scrubbed(value, names: list[str]):
    """`value` (text, or JSON made of dicts, lists and text) with every one of `names` blotted out."""
    if isinstance(value, str):
        lowered = value.lower()
        for name in names:
            start = lowered.find(name.lower())
            while start != -1:
                value = value[:start] + ERASED + value[start + len(name) :]
                lowered = value.lower()
                start = lowered.find(name.lower(), start + len(ERASED))
        return value
    if isinstance(value, dict):
        return {key: scrubbed(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [scrubbed(item, names) for item in value]
    return value


def _mentioning(names: list[str], *fields: str) -> Q:
    query = Q(pk__in=[])
    for name in names:
        for field in fields:
            query |= Q(**{f"{field}__icontains": name})
    return query


def _audit_log_erase(user, names: list[str]) -> None:
    """The audit log keeps what was done, by whom (coordinators, managers), and to which record; the
    person's own entries lose their author, and their name leaves the labels and data of every entry."""
    for model in (ModelLogEntry, PageLogEntry):
        model.objects.filter(user_id=user.pk).update(user=None)
        for entry in model.objects.filter(_mentioning(names, "label", "data")):
            entry.label = scrubbed(entry.label, names)
            entry.data = scrubbed(entry.data, names)
            entry.save(update_fields=["label", "data"])
    # Entries about the user row itself would point at an id the database may give to someone else.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).delete()


def _sessions_end(user) -> None:
    """Sign the person out everywhere: their sessions are deleted (the row of each says whose it is only
    once decoded)."""
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()


def _portal_erase(user) -> None:
    """The portal's own records. Most go with the user row (their foreign keys cascade: memberships,
    authorisation requests, sign-in cards, terms acceptances, allauth's e-mail addresses, Wagtail's profile,
    comments and editing sessions) or are unlinked by it (SET_NULL: invitations sent, imports, images and
    documents uploaded, revisions); here is what no foreign key reaches."""
    names = identifiers(user)
    addresses = [address for address in (user.email,) if address]
    # Invitations to the person's address, or accepted by them, carry their name and address.
    Invitation.objects.filter(Q(accepted_by=user) | Q(email__in=addresses)).delete()
    # Messages written from the contact page, signed in or not.
    ContactMessage.objects.filter(Q(user=user) | Q(email__in=addresses)).delete()
    # An editor's pages stay the site's: they lose their owner, and their lock.
    Page.objects.filter(owner=user).update(owner=None)
    Page.objects.filter(locked_by=user).update(locked_by=None, locked=False, locked_at=None)
    # Revisions keep a copy of the page's fields, its owner's and locker's id among them.
    for field in ("owner", "locked_by"):
        for revision in Revision.objects.filter(**{f"content__{field}": user.pk}):
            revision.content[field] = None
            revision.save(update_fields=["content"])
    data_exports_forget(user=user)
    _audit_log_erase(user, names)
    _sessions_end(user)


@transaction.atomic
def account_erase(*, user, keep_certificates_public: bool = False, by=None) -> None:
    """Erase `user`'s account: every app's eraser, the portal's records, then the user row. `by` is the
    coordinator who did it for a request received by another channel: the audit log says so, on the
    coordinator's own record and without naming the person."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    for eraser in _erasers:
        eraser(user, keep_certificates_public)
    _portal_erase(user)
    user.delete()
    if by is not None:
        log(
            by,
            "portal.account.erase",
            user=by,
            data={"certificates_public": keep_certificates_public},
        )
