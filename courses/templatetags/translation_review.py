"""The editor's footer in wagtail-localize's translation editor (courses/admin/translation_review.py)."""

from django import template
from django.urls import reverse

from ..admin.translation_review import review_footer

register = template.Library()


@register.inclusion_tag("courses/admin/translation_review_footer.html", takes_context=True)
def translation_review_footer(context):
    """Nothing for those who may publish the page: wagtail-localize's footer is theirs."""
    footer = review_footer(context["request"], context["instance"], context["translation"])
    if footer is None:
        return {"footer": None}
    return {
        "footer": footer,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[context["instance"].pk]),
        "csrf_token": context.get("csrf_token"),
    }
