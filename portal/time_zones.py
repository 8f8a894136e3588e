"""The time zones the network may keep its time in: those of its region, each named as its readers say
it ("hora de El Salvador", "horário de Brasília", "El Salvador time"), and UTC.

The network's zone is a site setting (`PortalSettings.time_zone`); portal/network_time.py reads and
activates it. Every time the portal shows is followed by its zone's name, in the reader's language
(the `when` template filter, portal/templatetags/when.py), so a coordinator in Lima and a buyer in São
Paulo know what "18:01" means.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DEFAULT_ZONE = "America/El_Salvador"

# IANA names, north to south, with the name of each zone's time. One zone per country, except where a
# country keeps several and the network's members may be in either (Brazil).
ZONES = {
    "America/Mexico_City": _("Mexico City time"),
    "America/Belize": _("Belize time"),
    "America/Guatemala": _("Guatemala time"),
    "America/El_Salvador": _("El Salvador time"),
    "America/Tegucigalpa": _("Honduras time"),
    "America/Managua": _("Nicaragua time"),
    "America/Costa_Rica": _("Costa Rica time"),
    "America/Panama": _("Panama time"),
    "America/Havana": _("Cuba time"),
    "America/Jamaica": _("Jamaica time"),
    "America/Port-au-Prince": _("Haiti time"),
    "America/Santo_Domingo": _("Dominican Republic time"),
    "America/Caracas": _("Venezuela time"),
    "America/Bogota": _("Colombia time"),
    "America/Guayaquil": _("Ecuador time"),
    "America/Lima": _("Peru time"),
    "America/La_Paz": _("Bolivia time"),
    "America/Manaus": _("Amazon time (Brazil)"),
    "America/Sao_Paulo": _("Brasília time"),
    "America/Asuncion": _("Paraguay time"),
    "America/Santiago": _("Chile time"),
    "America/Argentina/Buenos_Aires": _("Argentina time"),
    "America/Montevideo": _("Uruguay time"),
    "UTC": _("UTC"),
}

CHOICES = list(ZONES.items())


def zone_label(zone: str) -> str:
    """What the reader calls this zone's time, in the active language; a zone outside the list (one set in
    the settings by hand) by its IANA name."""
    label = ZONES.get(zone)
    return str(label) if label is not None else zone


def when(value: datetime.datetime | None, *, short: bool = False) -> str:
    """THE way the portal writes a moment for a reader: in the active zone (the network's, activated by
    portal/network_time.py), in the shape of the reader's language (portal/formats/), followed by the zone's
    name: "7 de diciembre de 2026, 18:01 (hora de El Salvador)"; `short` for tables: "07/12/2026, 18:01
    (hora de El Salvador)". A date alone has no zone: it is written as a date. Empty for no value."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    written = date_format(value, "SHORT_DATETIME_FORMAT" if short else "DATETIME_FORMAT")
    return f"{written} ({zone_label(timezone.get_current_timezone_name())})"
