"""allauth, adapted to the portal.

- The account e-mails (sign-up confirmation, password reset) name the portal and its public address.
  Without the sites framework, allauth names the site after the host of the request ("Thank you for using
  127.0.0.1:8102") and builds its links from that host; the portal's name and PORTAL_BASE_URL are used
  instead, like every other e-mail the portal sends.
- Members without e-mail sign in with their login name (allauth's "username", portal/login_names.py): they
  are never sent an e-mail (portal/emails.py), and the sign-in step that asks for a confirmed address lets
  them through, since a manager vouched for them (`User.vouched`). People who sign up do so by e-mail and get
  no login name.
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


def user_display(user) -> str:
    """How allauth names someone ("Signed in as …"): their name, else what they sign in with."""
    return str(user)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        if not email:
            return
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

    def populate_username(self, request, user) -> None:
        """Sign-ups are by e-mail: no login name is made up for them (allauth would derive one)."""

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        # Named, not imported: allauth.account.stages cannot be imported before allauth has loaded its own
        # sign-in flows (an import circle inside allauth), so the stage lives in portal/login_stages.py.
        allauths = "allauth.account.stages.EmailVerificationStage"
        ours = "portal.login_stages.VouchedOrVerifiedEmailStage"
        return [ours if stage == allauths else stage for stage in stages]
