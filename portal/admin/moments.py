"""Moments (when a request was asked, an order paid) and dates (until when an authorisation is valid) in the
admin's listings and inspect pages, written as the portal writes them everywhere (portal/time_zones.py,
`when`): "7 de diciembre de 2026, 18:01 (hora de El Salvador)" on an inspect page, "07/12/2026, 18:01 (hora
de El Salvador)" and "07/12/2026" in a listing.

Wagtail's own `DateColumn` says "2 hours ago" and hides the date and time, without their zone, in a tooltip;
its inspect pages write a moment without its zone."""

from django.db import models
from wagtail.admin.ui.tables import Column

from ..time_zones import when


class MomentColumn(Column):
    def get_value(self, instance):
        return when(super().get_value(instance), short=True) or "—"


class MomentFieldsMixin:
    """For a Wagtail `InspectView`: its date-and-time fields written with their zone."""

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField) and not hasattr(self, f"get_{field_name}_display_value"):
            return when(getattr(self.object, field_name)) or "—"
        return super().get_field_display_value(field_name, field)
