from .authorisations import AccessRequest
from .invitations import Invitation, MemberImport
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .sign_in_cards import SignInCard
from .users import User, UserManager

__all__ = [
    "AccessRequest",
    "Invitation",
    "MemberImport",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "SignInCard",
    "User",
    "UserManager",
]
