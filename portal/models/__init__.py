from .authorisations import AccessRequest
from .contact import ContactMessage
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .site_pages import ContactPage, InfoPage
from .users import TermsAcceptance, User, UserManager

__all__ = [
    "AccessRequest",
    "ContactMessage",
    "ContactPage",
    "InfoPage",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "TermsAcceptance",
    "User",
    "UserManager",
]
