"""A spreadsheet of members: what each row would do (the preview), and doing it (the import).

Each row becomes one of:
- **invite**: an invitation is made and e-mailed (the person joins on accepting it, as with one invitation);
- **renew**: the address's invitation had expired: it is sent again, with the row's name, role and language;
- **member** / **invited**: the address is already a member, or already invited and the link still works:
  nothing changes. So importing the same file twice changes nothing the second time;
- **create**: a row without an address but with a login name (a user name or a phone number) makes the
  account of a member without e-mail, a confirmed member at once, as a manager makes one by hand
  (portal/member_accounts.py); the manager prints their sign-in cards after the import;
- **member** (without e-mail): the login name is already a member of this organisation: nothing changes;
- **error**: what is wrong with the row, in words (missing name, an address that is not one, a login name
  that is not one or is someone else's, an unknown role or language, the same address or login name as an
  earlier row, neither an address nor a login name); the row is left out.

A row with an address always becomes an invitation, even when the address has an account already: the person
accepts by signing in, so nobody joins an organisation without knowing, and a manager learns nothing of who
has an account. Rows without an address are members without e-mail (`_row_without_email` reads them).

Nothing is saved by the preview. The import (`run`, in the background) plans the rows again against the
database as it is then, and writes them in batches, counting its progress on the `MemberImport` row, which
the import's page shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .. import login_names, member_accounts
from ..models import Invitation, MemberImport, Membership, Organisation, User
from ..models.invitations import invitation_expiry, new_invitation_key
from . import spreadsheets
from .spreadsheets import words

logger = logging.getLogger(__name__)

INVITE, RENEW, MEMBER, INVITED, ERROR = "invite", "renew", "member", "invited", "error"
CREATE = "create"  # the account of a member without e-mail
BATCH = 250  # rows written per transaction: the progress moves on after each


@dataclass
class Row:
    number: int  # in the spreadsheet
    name: str
    email: str
    role: str = Membership.Role.MEMBER
    language: str = ""
    login_name: str = ""  # in its stored form, for a member without e-mail
    action: str = INVITE
    errors: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return Membership.Role(self.role).label

    @property
    def shown_login_name(self) -> str:
        return login_names.display(self.login_name)


@dataclass
class Plan:
    rows: list[Row]

    def having(self, *actions: str) -> list[Row]:
        return [row for row in self.rows if row.action in actions]

    @property
    def errors(self) -> list[Row]:
        return self.having(ERROR)

    @property
    def to_write(self) -> list[Row]:
        return self.having(INVITE, RENEW, CREATE)


def _choices(pairs) -> dict[str, str]:
    """Each choice's code and its label in every language, as words (spreadsheets.words) → the code."""
    found = {}
    for code, label in pairs:
        found[words(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found[words(label)] = code
    return found


def _role_words() -> dict[str, str]:
    return _choices(Membership.Role.choices)


def _language_words() -> dict[str, str]:
    """Each language by its code, its own name (Español) and its name in each language (Spanish, Espanhol)."""
    found = {}
    for code, own_name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        found |= {words(code): code, words(own_name): code, words(info["name"]): code}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found[words(translation.gettext(info["name"]))] = code
    return found


def _row_without_email(row: Row, typed: str, country: str) -> None:
    """A member without e-mail: their login name, read with the same rules as when made by hand."""
    if not typed:
        row.errors.append(
            _("No e-mail address: write one, or a user name or phone number for a member without e-mail.")
        )
        return
    try:
        row.login_name = login_names.normalise(typed, country=country)
    except ValidationError as error:
        row.errors.extend(error.messages)


def _check(
    row: Row, values: dict[str, str], roles: dict, languages: dict, default_language: str, country: str
) -> None:
    if not row.name:
        row.errors.append(_("The name is missing."))
    typed_login = values.get("login_name", "").strip()
    if not row.email:
        _row_without_email(row, typed_login, country)
    elif typed_login:
        row.errors.append(
            _("Write an e-mail address or a user name, not both: a member with e-mail signs in with it.")
        )
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(_("“%(value)s” is not an e-mail address.") % {"value": values["email"]})
    if values["role"]:
        row.role = roles.get(words(values["role"]), "")
        if not row.role:
            row.errors.append(
                _("Unknown role “%(value)s”: write %(choices)s.")
                % {
                    "value": values["role"],
                    "choices": _any_of([label for _c, label in Membership.Role.choices]),
                }
            )
    row.language = languages.get(words(values["language"]), "") if values["language"] else default_language
    if not row.language:
        row.errors.append(
            _("Unknown language “%(value)s”: write %(choices)s.")
            % {"value": values["language"], "choices": _any_of(spreadsheets.language_names())}
        )


def _any_of(names) -> str:
    return str(get_text_list([str(name) for name in names], _("or")))


def plan(sheet: spreadsheets.Sheet, *, organisation: Organisation, default_language: str) -> Plan:
    """What each row would do, against the organisation's members, invitations and the login names taken as
    they are now (four queries, whatever the number of rows)."""
    roles, languages, country = _role_words(), _language_words(), str(organisation.country)
    members = set(
        Membership.objects.active()
        .filter(organisation=organisation)
        .annotate(address=Lower("user__email"))
        .values_list("address", flat=True)
    )
    invited = dict(
        Invitation.objects.open().filter(organisation=organisation).values_list("email", "expires_at")
    )
    now, first_row_of = timezone.now(), {}
    rows = []
    for number, values in sheet.rows:
        row = Row(number=number, name=values["name"], email=values["email"].strip().lower())
        _check(row, values, roles, languages, default_language, country)
        key = row.email or row.login_name
        if key and not row.errors:
            if key in first_row_of:
                same = (
                    _("The same e-mail address as row %(number)s.")
                    if row.email
                    else _("The same user name or phone as row %(number)s.")
                )
                row.errors.append(same % {"number": first_row_of[key]})
            first_row_of.setdefault(key, row.number)
        if row.errors:
            row.action = ERROR
        elif row.login_name:
            row.action = CREATE
        elif row.email in members:
            row.action = MEMBER
        elif row.email in invited:
            row.action = INVITED if invited[row.email] > now else RENEW
        rows.append(row)
    _plan_login_names([row for row in rows if row.action == CREATE], organisation)
    return Plan(rows=rows)


def _plan_login_names(rows: list[Row], organisation: Organisation) -> None:
    """A login name already this organisation's member changes nothing (the file imported again); anyone
    else's is an error, as when a member is made by hand."""
    names = [row.login_name for row in rows]
    taken = set(User.objects.filter(login_name__in=names).values_list("login_name", flat=True))
    ours = set(
        Membership.objects.active()
        .filter(organisation=organisation, user__login_name__in=taken)
        .values_list("user__login_name", flat=True)
    )
    for row in rows:
        if row.login_name in ours:
            row.action = MEMBER
        elif row.login_name in taken:
            row.action = ERROR
            row.errors.append(
                _("%(name)s is already taken: choose another one.")
                % {"name": login_names.display(row.login_name)}
            )


def plan_of(member_import: MemberImport) -> Plan:
    """The plan of an uploaded file (a SpreadsheetError if it cannot be read)."""
    sheet = spreadsheets.read(bytes(member_import.content), member_import.file_name)
    return plan(sheet, organisation=member_import.organisation, default_language=member_import.language)


# --- the import -----------------------------------------------------------------------------------------


def _write(rows: list[Row], member_import: MemberImport) -> tuple[list[int], int]:
    """Invitations for a batch of rows: the ids to e-mail, and how many of them were renewed."""
    fresh = [row for row in rows if row.action == INVITE]
    made = [
        Invitation(
            organisation_id=member_import.organisation_id,
            email=row.email,
            full_name=row.name,
            role=row.role,
            language=row.language,
            invited_by_id=member_import.uploaded_by_id,
            member_import=member_import,
            key=new_invitation_key(),
        )
        for row in fresh
    ]
    # An address invited by someone else since the plan was made keeps its invitation (the constraint).
    Invitation.objects.bulk_create(made, ignore_conflicts=True)
    ids = list(
        Invitation.objects.filter(key__in=[invitation.key for invitation in made]).values_list(
            "pk", flat=True
        )
    )
    renewing = {row.email: row for row in rows if row.action == RENEW}
    expired = list(
        Invitation.objects.open().filter(organisation_id=member_import.organisation_id, email__in=renewing)
    )
    for invitation in expired:
        row = renewing[invitation.email]
        invitation.full_name, invitation.role, invitation.language = row.name, row.role, row.language
        invitation.expires_at = invitation_expiry()
        invitation.member_import = member_import
    Invitation.objects.bulk_update(expired, ["full_name", "role", "language", "expires_at", "member_import"])
    return ids + [invitation.pk for invitation in expired], len(expired)


def _create(rows: list[Row], member_import: MemberImport) -> int:
    """The accounts of a batch's members without e-mail (without cards: they are issued when printed); a login
    name taken by someone since the plan was made leaves its row out."""
    made = 0
    for row in rows:
        if row.action != CREATE:
            continue
        try:
            member_accounts.member_account_create(
                organisation=member_import.organisation,
                full_name=row.name,
                login_name=row.login_name,
                language=row.language,
                role=row.role,
                by=member_import.uploaded_by,
                member_import=member_import,
                card=False,
            )
        except ValidationError:
            continue
        made += 1
    return made


def _count(rows: list[Row], *actions: str) -> int:
    return sum(row.action in actions for row in rows)


def run(member_import_id: int, *, send: Callable[[list[int]], None]) -> None:
    """Import a confirmed file, batch after batch; `send` e-mails each batch's invitations once it is saved.
    Run again after a worker died, it picks up where the database is: rows already written are unchanged."""
    claimed = MemberImport.objects.filter(
        pk=member_import_id, status__in=[MemberImport.Status.QUEUED, MemberImport.Status.RUNNING]
    ).update(
        status=MemberImport.Status.RUNNING,
        rows_done=0,
        invited=0,
        renewed=0,
        unchanged=0,
        left_out=0,
        created=0,
    )
    if not claimed:
        return
    member_import = MemberImport.objects.select_related("organisation", "uploaded_by").get(
        pk=member_import_id
    )
    progress = MemberImport.objects.filter(pk=member_import_id)
    # A run killed between writing a batch and e-mailing it left invitations never sent: send them now.
    unsent = list(member_import.invitations.open().filter(sent_at__isnull=True).values_list("pk", flat=True))
    if unsent:
        send(unsent)
    try:
        rows = plan_of(member_import).rows
        progress.update(rows_to_do=len(rows))
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            with transaction.atomic():
                ids, renewed = _write(batch, member_import)
                written = len(ids)  # fewer than planned if someone invited an address meanwhile
                created = _create(batch, member_import)
                progress.update(
                    rows_done=F("rows_done") + len(batch),
                    invited=F("invited") + written - renewed,
                    renewed=F("renewed") + renewed,
                    created=F("created") + created,
                    unchanged=F("unchanged") + _count(batch, INVITE, RENEW, MEMBER, INVITED) - written,
                    left_out=F("left_out") + _count(batch, ERROR, CREATE) - created,
                )
                if ids:
                    transaction.on_commit(partial(send, ids))
    except Exception:
        logger.exception("The import of members %s failed", member_import_id)
        progress.update(status=MemberImport.Status.FAILED, finished_at=timezone.now())
        raise
    # The invitations hold what is needed now: the file, with its personal data, is not kept.
    progress.update(status=MemberImport.Status.DONE, finished_at=timezone.now(), content=b"")
