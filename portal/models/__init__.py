from .authorisations import AccessRequest
from .invitations import Invitation, MemberImport
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .users import User, UserManager

__all__ = [
    "AccessRequest",
    "Invitation",
    "MemberImport",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "User",
    "UserManager",
]
