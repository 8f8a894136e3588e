"""One shape per language for dates and times, everywhere the portal writes them
(settings.FORMAT_MODULE_PATH): what a reader sees on the site, in the admin, in e-mails and in PDFs.

Each language's module names only the shapes the portal writes; anything else (the shapes a form accepts,
the decimal separator) is Django's own for that language. A date and time is always written with its zone,
by the `when` template filter (portal/templatetags/when.py), which takes these shapes and names the zone.
CSV files are for machines and keep ISO 8601 instead (portal/spreadsheets.py).
"""

from django.utils.translation import gettext_noop

# Django's names of the months (django/utils/dates.py), which the date shapes' "F" writes, kept in the
# portal's own catalogue, which wins over Django's: Brazilian Portuguese writes them in lower case ("7 de
# dezembro de 2026"), where Django's Portuguese catalogues write "Dezembro". Named here so that
# `makemessages` keeps them.
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
