from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_material_file_size(file) -> None:
    limit = settings.MATERIAL_MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
