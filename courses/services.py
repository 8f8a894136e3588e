"""State-changing actions of the courses app. Other apps (payments) write entitlements only through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from . import licensing
from .delivery import Downloader
from .models import (
    CoursePage,
    DownloadEvent,
    Entitlement,
    Licence,
    LicenceAcceptance,
    MaterialFile,
    MaterialPage,
)


def _gated(page: Page) -> Page:
    """The page itself, once checked to be a course or a material (by its type: no query)."""
    if not issubclass(page.specific_class or Page, (CoursePage, MaterialPage)):
        raise ValidationError(_("Only a course or a material can be granted."))
    return page


# Without a savepoint of its own: inside a caller's transaction (a purchase's fulfilment) a failure undoes the
# caller's work too, which is what the caller wants; the race on the unique constraint has its own below.
@transaction.atomic(savepoint=False)
def entitlement_grant(
    *, user, item: Page, by, source: str = Entitlement.Source.GRANT, reference: str = "", note: str = ""
) -> Entitlement:
    """Let one user open one item. Idempotent: an entitlement already in force is returned as it is."""
    item = _gated(item)
    existing = Entitlement.objects.in_force().filter(user=user, page=item).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            entitlement = Entitlement.objects.create(
                user=user, page=item, source=source, reference=reference, note=note, granted_by=by
            )
    except IntegrityError:
        # Someone granted the same item at the same moment: theirs stands.
        return Entitlement.objects.in_force().get(user=user, page=item)
    if by is not None:
        log(item.specific, "courses.entitlement.grant", user=by, data={"user": user.email, "source": source})
    return entitlement


@transaction.atomic
def entitlement_revoke(*, entitlement: Entitlement, by, reason: str = "") -> Entitlement:
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.revoked_at is None:
        entitlement.revoked_at = timezone.now()
        entitlement.save(update_fields=["revoked_at"])
        if by is not None:
            log(
                entitlement.page.specific,
                "courses.entitlement.revoke",
                user=by,
                data={"user": entitlement.user.email, "reason": reason},
            )
    return entitlement


@transaction.atomic
def licence_new_version(*, licence: Licence, changes: dict, by) -> Licence:
    """Revise a licence: a new version with these changes, in force at once for every item under any
    version of it (the access policy reads the version in force). The old version stays, for the records.
    Nothing changed: the licence is returned as it is."""
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if not licence.is_current:
        raise ValidationError(_("Only the version in force of a licence can be revised."))
    unknown = set(changes) - set(Licence.TERMS_FIELDS)
    if unknown:
        raise ValueError(f"Not terms of a licence: {', '.join(sorted(unknown))}")
    if all(getattr(licence, name) == value for name, value in changes.items()):
        return licence
    new = Licence(
        code=licence.code,
        version=licence.version + 1,
        previous=licence,
        **{name: getattr(licence, name) for name in Licence.TERMS_FIELDS},
    )
    for name, value in changes.items():
        setattr(new, name, value)
    new.full_clean(exclude=["current_version"])
    new.save()
    Licence.objects.filter(code=licence.code).update(current_version=new)
    if by is not None:
        log(new, "courses.licence.new_version", user=by, data={"code": new.code, "previous": licence.version})
    return new


def licence_accept(*, user, item: Page, language: str) -> LicenceAcceptance:
    """Record that the user accepted the terms in force for the item, shown in `language`. Idempotent."""
    item = _gated(item).specific
    licence = licensing.item_terms(item)
    if licence is None:
        raise ValidationError(_("This item has no licence terms to accept."))
    acceptance, _created = LicenceAcceptance.objects.get_or_create(
        user=user, page=item, licence=licence, defaults={"language": language}
    )
    return acceptance


def download_record(*, material: MaterialPage, file: MaterialFile, downloader: Downloader) -> DownloadEvent:
    """Log one handed-out file with who received it as they are today (member or not, organisation,
    country) and the licence version it was delivered under, for the contributors' reports."""
    if downloader.user is None:
        audience = DownloadEvent.Audience.VISITOR
    elif downloader.is_member:
        audience = DownloadEvent.Audience.MEMBER
    else:
        audience = DownloadEvent.Audience.EXTERNAL
    return DownloadEvent.objects.create(
        material=material,
        file=file,
        licence=licensing.item_terms(material),
        user=downloader.user,
        audience=audience,
        organisation=downloader.organisation,
        country=downloader.country,
    )
