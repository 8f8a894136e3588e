"""What the access concern writes: entitlements granted and revoked, licence terms accepted, files handed
out. Other apps (payments) write entitlements only through here."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from ..licensing import rules as licensing
from ..licensing.models import LicenceAcceptance
from .delivery import Downloader
from .models import DownloadEvent, Entitlement, GatedItem

if TYPE_CHECKING:
    from django.db.models import Model
    from wagtail.models import Page


def _gated(page: Page) -> Page:
    """The page itself, once checked to be a course or a material (by its type: no query)."""
    if not issubclass(page.specific_class or Page, GatedItem):
        raise ValidationError(_("Only a course or a material can be granted."))
    return page


# Without a savepoint of its own: inside a caller's transaction (a purchase's fulfilment) a failure undoes the
# caller's work too, which is what the caller wants. The race on the unique constraint needs none either: the
# insert itself skips a row that the constraint refuses (see `_entitlement_insert`).
@transaction.atomic(savepoint=False)
def entitlement_grant(
    *, user, item: Page, by, source: str = Entitlement.Source.GRANT, reference: str = "", note: str = ""
) -> Entitlement:
    """Let one user open one item. Idempotent: an entitlement already in force is returned as it is.

    Only the ids of `user` and `item` (and the item's content type, to check it is a course or a material)
    are read: a caller that has them from a query of its own may pass instances carrying no more."""
    item = _gated(item)
    entitlement = Entitlement(
        user=user,
        page=item,
        source=source,
        reference=reference,
        note=note,
        granted_by=by,
        created_at=timezone.now(),
    )
    if not _entitlement_insert(entitlement):
        # Already in force (granted before, or by someone else at the same moment): theirs stands.
        return Entitlement.objects.in_force().get(user=user, page=item)
    if by is not None:
        log(
            item.specific,
            "courses.entitlement.grant",
            user=by,
            data={"user": user.sign_in_name, "source": source},
        )
    return entitlement


# The columns an entitlement is inserted with (the primary key comes back from the database).
_ENTITLEMENT_FIELDS = [field for field in Entitlement._meta.concrete_fields if not field.primary_key]


def _entitlement_insert(entitlement: Entitlement) -> bool:
    """Insert the entitlement unless one is in force for the same user and item already (the constraint
    `one_entitlement_in_force`, also against a concurrent transaction, which this waits for); True when
    inserted, with its primary key set. One statement, `INSERT ... ON CONFLICT DO NOTHING RETURNING id`
    (PostgreSQL, and SQLite since 3.35): neither a query beforehand nor a savepoint to catch the
    IntegrityError of a race. The ORM's `bulk_create(ignore_conflicts=True)` says neither whether the row
    was inserted nor its id, hence raw SQL; the values are prepared by the model's own fields."""
    database = connections[router.db_for_write(Entitlement)]
    quote = database.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _ENTITLEMENT_FIELDS)
    placeholders = ", ".join(["%s"] * len(_ENTITLEMENT_FIELDS))
    values = [
        field.get_db_prep_save(field.pre_save(entitlement, True), database) for field in _ENTITLEMENT_FIELDS
    ]
    with database.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Entitlement._meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
            f"ON CONFLICT DO NOTHING RETURNING {quote(Entitlement._meta.pk.column)}",
            values,
        )
        row = cursor.fetchone()
    if row is None:
        return False
    entitlement.pk = row[0]
    entitlement._state.adding = False
    entitlement._state.db = database.alias
    return True


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
                data={"user": entitlement.user.sign_in_name, "reason": reason},
            )
    return entitlement


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


# PostgreSQL runs the statements of one message as one transaction: this one commits without waiting for its
# WAL to reach the disk (see download_record).
_WITHOUT_WAITING_FOR_THE_DISK = "SET LOCAL synchronous_commit TO OFF; "

# The columns a download is logged with (the primary key is the database's).
_DOWNLOAD_FIELDS = [field for field in DownloadEvent._meta.concrete_fields if not field.primary_key]


def download_record(*, material: Page, file: Model, downloader: Downloader) -> None:
    """Log one handed-out file with who received it as they are today (member or not, organisation,
    country) and the licence version it was delivered under, for the contributors' reports.

    One plain INSERT, each value prepared by the model's own field, rather than the ORM's `create` or even
    a model instance: nothing reads the new row back (`create` asks for its id), and building the statement
    through the ORM took about as long as the database takes to run it, on one of the portal's cheapest
    views (0.17 ms in all through `create`, 0.1 ms with an instance, 0.05 ms this way). Skipping the save
    signals loses nothing: no receiver acts on a DownloadEvent (Wagtail's one pre_save receiver for every
    model only sets the locale of translatable ones). A column added to the model without a value here
    fails every download, loudly, in the tests.

    On PostgreSQL, when not inside a larger transaction, the row commits without waiting for its WAL to
    reach the disk (`synchronous_commit` off for this one statement, sent in the same message): waiting
    took a download 0.6 to 1.1 ms here, more than everything else it does. The database stays consistent
    whatever happens; a crash of the database server itself (not of an app server) may lose the log rows
    of its last fraction of a second (at most three times `wal_writer_delay`, 0.6 s by default), which
    only the download counts of the reports would miss. Orders, payments and grants commit durably."""
    if downloader.user is None:
        audience = DownloadEvent.Audience.VISITOR
    elif downloader.is_member:
        audience = DownloadEvent.Audience.MEMBER
    else:
        audience = DownloadEvent.Audience.EXTERNAL
    licence = licensing.item_terms(material)
    by_attname = {
        "material_id": material.pk,
        "file_id": file.pk,
        "licence_id": licence.pk if licence is not None else None,
        "user_id": downloader.user.pk if downloader.user is not None else None,
        "audience": audience.value,
        "organisation_id": downloader.organisation.pk if downloader.organisation is not None else None,
        "country": downloader.country,
        "created_at": timezone.now(),
    }
    database = connections[router.db_for_write(DownloadEvent)]
    values = [field.get_db_prep_save(by_attname[field.attname], database) for field in _DOWNLOAD_FIELDS]
    insert = _download_insert(database.alias)
    if database.vendor == "postgresql" and database.get_autocommit():
        insert = _WITHOUT_WAITING_FOR_THE_DISK + insert
    with database.cursor() as cursor:
        cursor.execute(insert, values)


@functools.cache
def _download_insert(alias: str) -> str:
    """The INSERT of a download for this database, written once per process."""
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in _DOWNLOAD_FIELDS)
    placeholders = ", ".join(["%s"] * len(_DOWNLOAD_FIELDS))
    return f"INSERT INTO {quote(DownloadEvent._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608


def entitlements_for(user) -> list[Entitlement]:
    """The items granted to or bought by this user that are still in force, newest first (one query)."""
    if user is None or not user.is_authenticated:
        return []
    return list(Entitlement.objects.in_force().filter(user=user).select_related("page"))
