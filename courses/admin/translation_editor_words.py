"""wagtail-localize's translation editor in the reader's language, where its catalogues cannot make it so.

Its words are translated by the catalogues (the packages' Latin American Spanish and Brazilian Portuguese,
completed in portal/locale_overrides/<es|pt>/, django.po for the server's and djangojs.po for its script's).
Three things escape them:
- the note under each translated segment, "Traducido manualmente el 7 December 2026": its words come from the
  catalogue, its date from `strftime("%-d %B %Y")`, whose month is English whatever the reader's language.
  `install` writes the note with the same words and the date as the portal writes dates in the reader's
  language (portal/formats: "7 de diciembre de 2026", "7 de dezembro de 2026", "December 7, 2026");
- the banner above the segments, "Español to Português translation", which the editor's script writes with
  no catalogue at all: templates/wagtail_localize/admin/edit_translation.html hides it, since the header
  just above says the same in every language ("Español › Português");
- the screen-reader label "More actions" of the script's own footer (the one coordinators keep), written
  with no catalogue either: it stays English until wagtail-localize translates it (the editors' footer is
  the portal's, with Wagtail's translated label).
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail_localize.models import StringTranslation


def segment_note(string_translation: StringTranslation) -> str | None:
    """How and when a segment was translated, for the translation editor (in place of
    `StringTranslation.get_comment`, whose date is always in English)."""
    date = formats.date_format(timezone.localtime(string_translation.updated_at), "DATE_FORMAT")
    if string_translation.tool_name:
        note = _("Translated with {tool_name} on {date}")
        return note.format(tool_name=string_translation.tool_name, date=date)
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL:
        return _("Translated manually on {date}").format(date=date)
    if string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
        return _("Machine translated on {date}").format(date=date)
    return None


def install() -> None:
    """Called once the models are ready (CoursesConfig.ready)."""
    StringTranslation.get_comment = segment_note
