"""`{{ moment|when }}`: a date and time as the portal writes it for a reader, in the network's time zone and
naming it ("7 de diciembre de 2026, 18:01 (hora de El Salvador)"); `{{ moment|when:"short" }}` in tables.
Every template that shows a time uses it (portal/time_zones.py, `when`, says how)."""

from django import template

from .. import time_zones

register = template.Library()


@register.filter
def when(value, shape: str = "") -> str:
    return time_zones.when(value, short=shape == "short")
