"""Handing out a material file with its licence: every download carries the terms it was given under.

- A PDF is stamped (courses/licensing/stamping.py): a first page with the full notice and, unless the licence
  forbids changes, a footer on every page naming the licensee, the date, the attribution and the licence.
- Any other file (or a PDF that cannot be read) goes out in a zip next to a LICENCE.txt with the notice.
- A file whose item has no licence (data from before licences existed) goes out as it is.

The licensed copy is made on the fly and kept in the private storage under `licensed/<date>/<hash>/`, the
hash covering the source file and every word of the notice: downloading again the same day costs no new
stamping (nor, with S3, a request to ask whether the copy is there, once this process knows it), and with S3
the copy is handed out by a short-lived signed address like any private file. Copies
of earlier days are deleted by `manage.py clear_licensed_copies` (with S3, a lifecycle rule on the
`licensed/` prefix does the same).

When the storage cannot be reached or written (S3 down, a disk full), `deliver` raises `FilesUnavailable`
and the view answers 503 "try again in a moment": nothing was handed out, so nothing is logged, and a copy
whose writing failed is removed, never served truncated later the same day. (A file without licence is
handed out by a signed address alone, which costs no request to S3: if S3 is down then, the browser finds
out when it follows the address.)

A signed address may be handed out again: see `signed_address`.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import math
import shutil
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf
from django.core.files import File
from django.http import FileResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

from portal.models import AccessRequest, Membership

from ..licensing import rules as licensing
from ..licensing.stamping import stamp_pdf
from .storage import STORAGE_ERRORS

if TYPE_CHECKING:
    from django.db.models import Model
    from wagtail.models import Page

    from ..licensing.models import Licence

LICENSED_PREFIX = "licensed"
FOOTER_WIDTH = 150  # characters of 7 pt Helvetica that fit across an A4 page between the margins
logger = logging.getLogger(__name__)


class FilesUnavailable(Exception):
    """The private storage cannot be read or written just now: nothing was handed out; try again later."""


@dataclass(frozen=True)
class Downloader:
    """Who receives a file, as they are at the time of the download (for the notice and the reports)."""

    user: object | None = None
    is_member: bool = False
    organisation: object | None = None  # the member organisation, for members
    organisation_name: str = ""  # for external users: the organisation they named when asking
    country: str = ""

    @property
    def name(self) -> str:
        return self.user.get_full_name() if self.user is not None else ""


def downloader_for(user, *, is_member: bool) -> Downloader:
    if user is None or not user.is_authenticated:
        return Downloader()
    if is_member:
        membership = Membership.objects.active().filter(user=user).select_related("organisation").first()
        if membership is not None:
            organisation = membership.organisation
            return Downloader(user, True, organisation, organisation.name, str(organisation.country))
    request = AccessRequest.objects.filter(user=user).order_by("-created_at").first()
    if request is None:
        return Downloader(user, is_member)
    return Downloader(user, is_member, None, request.organisation, str(request.country))


# --- the words of the notice ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    footer: str  # one or two lines
    lines: list[str]  # the notice page, and LICENCE.txt

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _licensee(downloader: Downloader) -> str:
    if not downloader.name:
        return _("a visitor of Cla@se (not signed in)")
    if downloader.organisation_name:
        return f"{downloader.name} ({downloader.organisation_name})"
    return downloader.name


def _fit(line: str) -> str:
    return line if len(line) <= FOOTER_WIDTH else line[: FOOTER_WIDTH - 1] + "…"


def notice_for(
    material: Page, licence: Licence, downloader: Downloader, language: str, today: datetime.date
) -> Notice:
    """The licence notice in the downloader's language."""
    with translation.override(language):
        licensee, date = _licensee(downloader), date_format(today, "SHORT_DATE_FORMAT")
        link = f"{licence.shown_label} {licence.url}".strip()
        attribution = material.attribution if licence.attribution_required else ""
        footer = [
            _fit(
                _("Licensed to %(licensee)s on %(date)s · %(licence)s")
                % {"licensee": licensee, "date": date, "licence": link}
            )
        ]
        if attribution:
            footer.append(_fit(attribution))
        lines = [
            material.title,
            "",
            _("Licensed to: %(licensee)s") % {"licensee": licensee},
            _("Date of download: %(date)s") % {"date": date_format(today)},
        ]
        if attribution:
            lines.append(attribution)
        version = _(" (version %(version)s)") % {"version": licence.version} if licence.version > 1 else ""
        lines += [
            _("Licence: %(name)s%(version)s") % {"name": licence.shown_name, "version": version},
        ]
        if licence.url:
            lines.append(licence.url)
        if not licence.may_be_changed:
            lines.append(_("This licence does not allow changes: the pages that follow are the original."))
        terms_text = licence.terms_text(language)
        if terms_text:
            lines += ["", _("Terms of use:"), *terms_text.splitlines()]
        lines += ["", _("Downloaded from Cla@se, the training portal of the network.")]
    return Notice(footer="\n".join(footer), lines=lines)


# --- the licensed copy ------------------------------------------------------------------------------------


def _copy_name(material_file: Model, notice: Notice, today: datetime.date, filename: str) -> str:
    digest = hashlib.sha256(
        "\0".join([material_file.file.name, notice.footer, notice.text]).encode()
    ).hexdigest()[:32]
    return f"{LICENSED_PREFIX}/{today.isoformat()}/{digest}/{filename}"


def _zip_name(filename: str) -> str:
    return (filename.rsplit(".", 1)[0] if "." in filename else filename) + ".zip"


def _write_zip(material_file: Model, notice: Notice, target) -> None:
    # Stored, not compressed: materials are mostly compressed already, and this keeps large files cheap.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("LICENCE.txt", notice.text.encode("utf-8"))
        with (
            material_file.file.storage.open(material_file.file.name, "rb") as source,
            archive.open(material_file.filename, "w", force_zip64=True) as entry,
        ):
            shutil.copyfileobj(source, entry, 1024 * 1024)


def licensed_copy(
    material_file: Model, licence: Licence, notice: Notice, today: datetime.date
) -> tuple[str, str]:
    """Make (or find, when made earlier today) the licensed copy: (its name in the storage, the filename the
    user receives)."""
    storage = material_file.file.storage
    filename = material_file.filename
    if material_file.extension == "pdf":
        name = _copy_name(material_file, notice, today, filename)
        if _copy_exists(storage, name):
            return name, filename
        with storage.open(material_file.file.name, "rb") as source:
            original = source.read()
        try:
            stamped = stamp_pdf(
                original, footer=notice.footer, notice=notice.lines, may_change=licence.may_be_changed
            )
        except pikepdf.PdfError:
            pass  # not a readable PDF: it goes out in a zip with the notice instead
        else:
            with tempfile.SpooledTemporaryFile() as buffer:
                buffer.write(stamped)
                buffer.seek(0)
                return _save_whole(storage, name, File(buffer, name=filename)), filename
    filename = _zip_name(filename)
    name = _copy_name(material_file, notice, today, filename)
    if not _copy_exists(storage, name):
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as buffer:
            _write_zip(material_file, notice, buffer)
            buffer.seek(0)
            name = _save_whole(storage, name, File(buffer, name=filename))
    return name, filename


# Copies known to be in an S3 bucket, per storage: this process made them, or found them, today. Asking S3
# whether a copy exists is a request (a HEAD: a few milliseconds at best, tens across a region) on every
# download of a licensed file, the common case; once known, a copy stays until `clear_licensed_copies` or
# the bucket's lifecycle rule removes it, not before the day after the one in its name, and only today's
# names are ever asked for. (A local disk answers `exists` at once: nothing is kept for it.)
_known_copies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_KNOWN_COPIES_KEPT = 5000  # per storage; past it, the names of earlier days go first
_knowing = threading.Lock()


def _copy_exists(storage, name: str) -> bool:
    if not isinstance(storage, S3Storage):
        return storage.exists(name)
    known = _known_copies.get(storage)
    if known is not None and name in known:
        return True
    if not storage.exists(name):
        return False
    _know_copy(storage, name)
    return True


def _know_copy(storage, name: str) -> None:
    if not isinstance(storage, S3Storage):
        return
    with _knowing:
        known = _known_copies.setdefault(storage, set())
        if len(known) >= _KNOWN_COPIES_KEPT:
            today = f"{LICENSED_PREFIX}/{timezone.localdate().isoformat()}/"
            known.intersection_update({copy for copy in known if copy.startswith(today)})
            if len(known) >= _KNOWN_COPIES_KEPT:
                known.clear()
        known.add(name)


def _save_whole(storage, name: str, content: File) -> str:
    """Save a copy, or leave nothing under its name: a local file cut short by a full disk would otherwise
    be found by `exists` and handed out truncated for the rest of the day. (An S3 object appears whole or
    not at all.)"""
    try:
        saved = storage.save(name, content)
    except STORAGE_ERRORS:
        try:
            if storage.exists(name):
                storage.delete(name)
        except STORAGE_ERRORS:
            logger.exception("Could not remove the unfinished licensed copy %s", name)
        raise
    _know_copy(storage, saved)
    return saved


def _handed_out(
    material: Page, material_file: Model, downloader: Downloader, language: str
) -> tuple[str, str]:
    """What this downloader receives: (its name in the storage, the filename they get). The licensed copy,
    made now unless it was made earlier today; the file itself when the item has no licence."""
    licence = licensing.item_terms(material)
    if licence is None:
        return material_file.file.name, material_file.filename
    today = timezone.localdate()
    notice = notice_for(material, licence, downloader, language, today)
    return licensed_copy(material_file, licence, notice, today)


def deliver(material: Page, material_file: Model, downloader: Downloader, language: str):
    """The response handing out this file to this downloader, carrying the licence in force.

    Raises `FilesUnavailable` when the storage cannot be read or written just now."""
    try:
        name, filename = _handed_out(material, material_file, downloader, language)
        return serve(material_file.file.storage, name, filename)
    except STORAGE_ERRORS as error:
        logger.warning("Material file %s could not be delivered: %r", material_file.pk, error)
        raise FilesUnavailable(str(error)) from error


def delivered_size(material: Page, material_file: Model, downloader: Downloader, language: str) -> int:
    """How many bytes `deliver` hands this downloader for this file today (the licensed copy is made now if
    need be, and then served by the download from the storage): what saving a course for offline use
    announces (courses/catalogue/offline.py). Raises `FilesUnavailable` like `deliver`."""
    try:
        name, _filename = _handed_out(material, material_file, downloader, language)
        return material_file.file.storage.size(name)
    except STORAGE_ERRORS as error:
        logger.warning("Material file %s could not be measured: %r", material_file.pk, error)
        raise FilesUnavailable(str(error)) from error


def serve(storage, name: str, filename: str):
    if isinstance(storage, S3Storage):
        response = HttpResponseRedirect(signed_address(storage, name, filename))
    else:
        response = FileResponse(storage.open(name, "rb"), as_attachment=True, filename=filename)
    add_never_cache_headers(response)
    return response


# --- signed addresses -------------------------------------------------------------------------------------

# Every address handed out is valid for at least this long from the moment it is handed out: enough for a
# browser to follow the redirect, short enough that a copied link soon stops working.
SIGNED_ADDRESS_SECONDS = 60
# Signing an address costs about 0.2 ms of Python (botocore resolves the endpoint and runs its event hooks
# every time), as much as all the rest of a download. So an address is signed for this much longer, and this
# process hands the same address out again, for the same object under the same filename, while it is still
# valid for SIGNED_ADDRESS_SECONDS: a busy file is signed about twice a minute per process instead of at
# every download. An address is thus valid for at most SIGNED_ADDRESS_SECONDS + SIGNED_ADDRESS_REUSE_SECONDS.
# Sharing it gives nobody more than their own download would: it names one object, and a licensed copy is
# an object of its own per notice (its name hashes the licensee, the date and every word of the notice,
# `_copy_name`), so two downloaders share an address only when they would receive the very same bytes.
SIGNED_ADDRESS_REUSE_SECONDS = 30
_SIGNED_ADDRESSES_KEPT = 2000  # per storage; a full table first drops what can no longer be reused

# storage -> {(name, filename): (valid until, as a Unix time; the address)}. Per storage instance, so that
# storages of other buckets or credentials (the tests swap them) never share addresses.
_signed_addresses: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_signing = threading.Lock()


def signed_address(storage: S3Storage, name: str, filename: str) -> str:
    """A signed address of the object `name` in the bucket, forcing a download as `filename`, valid for at
    least SIGNED_ADDRESS_SECONDS from now (reused when this process signed one recently enough)."""
    key = (name, filename)
    addresses = _signed_addresses.get(storage)
    known = addresses.get(key) if addresses is not None else None
    if known is not None and known[0] - time.time() >= SIGNED_ADDRESS_SECONDS:
        return known[1]
    lifetime = SIGNED_ADDRESS_SECONDS + SIGNED_ADDRESS_REUSE_SECONDS
    # The signature's start (X-Amz-Date) is the signing time cut to the second: counting from the whole
    # second before signing never overestimates how long the address stays valid.
    valid_until = math.floor(time.time()) + lifetime
    address = storage.url(
        name,
        parameters={"ResponseContentDisposition": content_disposition_header(True, filename)},
        expire=lifetime,
    )
    with _signing:
        addresses = _signed_addresses.setdefault(storage, {})
        if len(addresses) >= _SIGNED_ADDRESSES_KEPT:
            reusable_after = time.time() + SIGNED_ADDRESS_SECONDS
            for old_key, (old_valid_until, _old) in list(addresses.items()):
                if old_valid_until < reusable_after:
                    del addresses[old_key]
            if len(addresses) >= _SIGNED_ADDRESSES_KEPT:
                addresses.clear()
        addresses[key] = (valid_until, address)
    return address
