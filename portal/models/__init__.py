from .authorisations import AccessRequest
from .organisations import Membership, Organisation, PartnerDomain
from .settings import PortalSettings
from .sign_in_cards import SignInCard
from .users import User, UserManager

__all__ = [
    "AccessRequest",
    "Membership",
    "Organisation",
    "PartnerDomain",
    "PortalSettings",
    "SignInCard",
    "User",
    "UserManager",
]
