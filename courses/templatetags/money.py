"""`{{ amount|money:currency }}`: an amount of money as the reader's language writes it, the one way every
template shows money (courses/currencies.py, `money`, says how and why)."""

from django import template

from courses import currencies

register = template.Library()


@register.filter
def money(amount, currency) -> str:
    return currencies.money(amount, currency)
