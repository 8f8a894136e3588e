"""`{{ file.size|data_size }}`: a file's size as the portal writes it for a reader (portal/data_sizes.py)."""

from django import template

from .. import data_sizes

register = template.Library()


@register.filter
def data_size(value) -> str:
    return data_sizes.data_size(value)
