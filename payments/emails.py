"""The receipt e-mail, written in the buyer's language from templates in templates/payments/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Order
from .selectors import item_links


def send_receipt(order: Order) -> None:
    buyer = order.buyer
    with translation.override(buyer.language or settings.LANGUAGE_CODE):
        site_url = settings.PORTAL_BASE_URL
        links = item_links(order)
        context = {
            "order": order,
            "buyer": buyer,
            "licence": order.licence,
            "site_url": site_url,
            "item_url": f"{site_url}{links.item_url}" if links.item_url else "",
            "files": [(title, f"{site_url}{url}") for title, url in links.files],
            "purchases_url": f"{site_url}{reverse('payments:purchases')}",
        }
        subject = render_to_string("payments/emails/receipt_subject.txt", context).strip()
        text = render_to_string("payments/emails/receipt_body.txt", context)
        html = render_to_string("payments/emails/receipt_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [buyer.email])
    message.attach_alternative(html, "text/html")
    message.send()
