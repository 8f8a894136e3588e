from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class MaterialPageForm(WagtailAdminPageForm):
    """Keeps uploaded files of a draft: they are stored when the form is saved, not when the page is published.

    A draft is kept as a revision (JSON); an uploaded file that was not yet written to storage would be
    lost between "save draft" and "publish". Writing it here makes the revision hold the stored name.
    """

    def clean(self):
        cleaned_data = super().clean()
        for form in self.formsets["files"].forms:
            upload = form.cleaned_data.get("file") if hasattr(form, "cleaned_data") else None
            if upload is not None and getattr(upload, "size", 0) > settings.MATERIAL_MAX_UPLOAD_SIZE:
                form.add_error(
                    "file",
                    _("This file is %(size)s; the largest file accepted is %(limit)s.")
                    % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MATERIAL_MAX_UPLOAD_SIZE)},
                )
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        for form in self.formsets["files"].forms:
            material_file = form.instance
            if material_file.file and not material_file.file._committed:
                material_file.size = material_file.file.size
                material_file.file.save(material_file.file.name, material_file.file.file, save=False)
        return page
