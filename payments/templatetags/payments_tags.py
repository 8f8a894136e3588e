"""The Buy form on a locked item (templates/includes/lock_notice.html, when the policy's next step is "buy").

Whether the buyer must accept the licence terms first is asked here, of the licence rules, so the button
can say so; the checkout asks again on the server. A buyer whose delayed payment for the item is on its way
is told so instead of being offered the button (buying again leads to the purchases anyway).
"""

from django import template

from courses.licensing import rules as licensing

from ..selectors import delayed_payment_awaited

register = template.Library()


@register.inclusion_tag("payments/includes/buy_form.html", takes_context=True)
def buy_form(context, item):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "item": item,
        "awaiting": delayed_payment_awaited(user, item),
        "csrf_token": context.get("csrf_token"),
        "terms": licensing.acceptance_needed(user, item),
    }
