"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def is_loopback(hostname: str) -> bool:
    """Whether this host name only reaches the machine it is typed on (or no machine at all)."""
    hostname = hostname.lower().rstrip(".")
    if hostname in LOOPBACK_NAMES or hostname.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@register(Tags.security, deploy=True)
def check_base_url(app_configs=None, **kwargs) -> list[Error]:
    """Every address the portal writes for use elsewhere (e-mails, certificates, the sitemap) starts with
    PORTAL_BASE_URL: in production it must be the public address, never missing nor this machine's."""
    base_url = getattr(settings, "PORTAL_BASE_URL", "")
    hint = "Set PORTAL_BASE_URL to the public address the portal is served on, e.g. https://clase.example.org"
    if not base_url:
        return [Error("PORTAL_BASE_URL is not set.", hint=hint, id="portal.E001")]
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Error(f"PORTAL_BASE_URL is not an address: {base_url!r}.", hint=hint, id="portal.E002")]
    if is_loopback(parts.hostname):
        return [
            Error(
                f"PORTAL_BASE_URL is a loopback address ({base_url}): nobody else can open its links.",
                hint=hint,
                id="portal.E003",
            )
        ]
    return []
