from .authorisations import AccessRequest
from .contact import ContactMessage
from .data_exports import DataExport
from .invitations import Invitation, MemberImport
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .sign_in_cards import SignInCard
from .site_pages import ContactPage, InfoPage
from .users import TermsAcceptance, User, UserManager

__all__ = [
    "AccessRequest",
    "ContactMessage",
    "ContactPage",
    "DataExport",
    "InfoPage",
    "Invitation",
    "MemberImport",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "SignInCard",
    "TermsAcceptance",
    "User",
    "UserManager",
]
