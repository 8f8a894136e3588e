"""What courses/ erases of a person whose account is erased (run by portal/privacy/erasure.py, registered
from CoursesConfig.ready()).

Kept, unlinked: certificates (verifiable as "issued on a date for a course"; with the name only when the
person chose to keep them public), licence acceptances (the record that terms were accepted) and download
events (the contributors' counts). Deleted with the user row, by their foreign keys: enrolments with their
lesson completions and quiz attempts, entitlements, assigned courses, reminders sent and offline actions.
"""

from django.db import transaction

from courses.access.storage import STORAGE_ERRORS, private_storage
from courses.models import (
    Assignment,
    Certificate,
    DownloadEvent,
    Entitlement,
    KeptUpload,
    LicenceAcceptance,
)


def _files_remove(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except STORAGE_ERRORS:  # an orphan file names nobody; the account is gone all the same
            continue


def courses_erase(user, keep_certificates_public: bool) -> None:
    certificates = Certificate.objects.filter(user=user)
    if keep_certificates_public:
        certificates.update(user=None)
    else:
        certificates.update(user=None, learner_name="", organisation_name="")
    LicenceAcceptance.objects.filter(user=user).update(user=None)
    DownloadEvent.objects.filter(user=user).update(user=None)
    # What a manager or coordinator did stays done (a grant, an assignment); only its author goes.
    Entitlement.objects.filter(granted_by=user).update(granted_by=None)
    Assignment.objects.filter(assigned_by=user).update(assigned_by=None)
    # An editor's uploads waiting for a form: the files too, once the erasure is committed.
    kept = KeptUpload.objects.filter(owner=user)
    unclaimed = list(kept.filter(claimed_at__isnull=True).values_list("stored_name", flat=True))
    kept.delete()
    if unclaimed:
        transaction.on_commit(lambda: _files_remove(unclaimed))
