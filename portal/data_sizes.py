"""How big a file is, written one way in the reader's language: what a tap on a video, a recording or a
file will cost on prepaid data ("1,8 MB" in Spanish and Portuguese, "1.8 MB" in English).

Counted in units of 1024, as the rest of the portal and Wagtail count them; one decimal below 10 (1,8 MB),
none above (38 MB), so that the figure reads at a glance. A no-break space keeps the figure with its unit."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KB = 1024
MB = KB * 1024
GB = MB * 1024


def _figure(value: float) -> str:
    places = 1 if round(value, 1) < 10 else 0
    return number_format(round(value, places), places)  # rounded here: number_format cuts the decimals off


def data_size(size: int | None) -> str:
    size = int(size or 0)
    if size < KB:
        return ngettext("%(size)d\xa0byte", "%(size)d\xa0bytes", size) % {"size": size}
    if size < MB:
        return _("%(size)s\xa0KB") % {"size": number_format(max(1, round(size / KB)), 0)}
    if size < GB:
        return _("%(size)s\xa0MB") % {"size": _figure(size / MB)}
    return _("%(size)s\xa0GB") % {"size": _figure(size / GB)}
