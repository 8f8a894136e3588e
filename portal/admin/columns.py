"""A listing's column of moments (when a request was asked, an order paid) or dates (until when an
authorisation is valid), written as every table of the portal writes them: "07/12/2026, 18:01 (hora de El
Salvador)", "07/12/2026" (portal/time_zones.py, `when`). Wagtail's own `DateColumn` says "2 hours ago" and
hides the date and time, without their zone, in a tooltip."""

from wagtail.admin.ui.tables import Column

from ..time_zones import when


class MomentColumn(Column):
    def get_value(self, instance):
        return when(super().get_value(instance), short=True) or "—"
