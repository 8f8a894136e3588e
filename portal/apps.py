from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .roles import ensure_roles

        # Groups need the permissions that post_migrate creates, so they are set up after every migrate.
        post_migrate.connect(ensure_roles, dispatch_uid="portal.ensure_roles")
