"""The account e-mails (sign-up confirmation, password reset) name the portal and its public address.

Without the sites framework, allauth names the site after the host of the request ("Thank you for using
127.0.0.1:8102") and builds its links from that host; the portal's name and PORTAL_BASE_URL are used instead,
like every other e-mail the portal sends.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates read of `current_site`."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.PORTAL_BASE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        if request is not None:  # links allauth built from the request's host start with the public address
            origin = request.build_absolute_uri("/")
            context = {
                name: settings.PORTAL_BASE_URL + "/" + value.removeprefix(origin)
                if isinstance(value, str) and value.startswith(origin)
                else value
                for name, value in context.items()
            }
        context = {"current_site": portal_site(), "site_url": settings.PORTAL_BASE_URL, **context}
        super().send_mail(template_prefix, email, context)
