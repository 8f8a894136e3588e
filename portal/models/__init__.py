from .authorisations import AccessRequest
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .users import User, UserManager

__all__ = [
    "AccessRequest",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "User",
    "UserManager",
]
