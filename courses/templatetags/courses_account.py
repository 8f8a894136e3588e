"""Courses' part of the account page.

The account page is a view of `portal`, and `portal` imports nothing of `courses` (DESIGN.md,
Architecture). So the page asks for the user's granted items from its template, through this tag:
the dependency stays courses → portal, and the view stays ignorant of entitlements.
"""

from django import template

from ..access.services import entitlements_for

register = template.Library()


@register.inclusion_tag("courses/includes/granted_items.html", takes_context=True)
def granted_items(context, user):
    return {"request": context.get("request"), "entitlements": entitlements_for(user)}
