"""The Buy form on a locked item (templates/includes/lock_notice.html, when the policy's next step is "buy").

Whether the buyer must accept the licence terms first is asked here, of the licence rules, so the button
can say so; the checkout asks again on the server.
"""

from django import template

from courses.licensing import rules as licensing

register = template.Library()


@register.inclusion_tag("payments/includes/buy_form.html", takes_context=True)
def buy_form(context, item):
    request = context.get("request")
    return {
        "item": item,
        "csrf_token": context.get("csrf_token"),
        "terms": licensing.acceptance_needed(getattr(request, "user", None), item),
    }
