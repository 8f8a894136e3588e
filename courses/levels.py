"""The words every concern of the portal shares: who an item is open to (the currencies items are sold in are
beside them, in courses/currencies.py).

The licences (courses/licensing/) cap an item's access level, the access policy (courses/access/policy.py)
reads it, the pages show it: all of them speak of these levels, so they sit below all of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLevel(models.TextChoices):
    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered users")
    AUTHORISED = "authorised", _("Authorised users")
    MEMBERS = "members", _("Members only")
