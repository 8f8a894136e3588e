"""The authentication backends: Django's and allauth's, reading a signed-in request's user together with
what the access policy knows of them (courses/access/policy.py `user_with_viewer`), in one query instead of
two. They live beside the policy, not in portal/: who someone is (portal) knows nothing of what they may read.

Nothing else changes: Django still checks the session's password hash and `is_active` on the user read
here, and logging in (`authenticate`) is the parent backends' own.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError

from portal.models import User

from .policy import user_with_viewer


class UserWithAccessFacts:
    def get_user(self, user_id):
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        user = user_with_viewer(pk)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithAccessFacts, DjangoModelBackend):
    pass


class AuthenticationBackend(UserWithAccessFacts, AllauthBackend):
    pass
