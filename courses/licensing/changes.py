"""What editors do to licences: revise one, as a new version in force at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Licence


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
