"""The managers' forms: one invitation, and a spreadsheet to import."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Membership
from . import spreadsheets


def _reader_language() -> str:
    """The language the manager reads the page in: most often their members' too."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _language_field(label, help_text):
    return forms.ChoiceField(
        label=label, choices=settings.LANGUAGES, initial=_reader_language, help_text=help_text
    )


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    language = _language_field(
        _("Language of the invitation"), _("The invitation e-mail is written in this language.")
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("One member per row, under the template's headings. Up to 5,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    language = _language_field(
        _("Language of the invitations"),
        _("For the rows whose language column is empty."),
    )

    def clean_file(self):
        """The file's name and bytes, once it reads as a spreadsheet of members (rows are checked later)."""
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_FILE_SIZE:
            raise forms.ValidationError(_("This file is larger than 5 MB: split it into smaller files."))
        content = upload.read()
        try:
            spreadsheets.read(content, upload.name)
        except spreadsheets.SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload.name, content
