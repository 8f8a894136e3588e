from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .privacy import records

        # What the portal holds about a person, first in their data export (courses and payments add theirs).
        records.register_sections()
        from .roles import ensure_roles

        # Groups need the permissions that post_migrate creates, so they are set up after every migrate.
        post_migrate.connect(ensure_roles, dispatch_uid="portal.ensure_roles")

        from . import role_names

        role_names.install()  # the groups', workflow's and task's names in each reader's language

        from wagtail.users.models import UserProfile

        from .admin_language import account_language_saved, admin_language_saved

        post_save.connect(
            account_language_saved, sender=self.get_model("User"), dispatch_uid="portal.language"
        )
        post_save.connect(admin_language_saved, sender=UserProfile, dispatch_uid="portal.admin_language")

        # An invitation opened in this browser is accepted once its person has signed up or signed in.
        from django.contrib.auth.signals import user_logged_in

        from .members.acceptance import accept_on_sign_in

        user_logged_in.connect(accept_on_sign_in, dispatch_uid="portal.members.invitation")

        # The network's time zone: in background tasks, and on every admin user's Wagtail profile.
        from django_tasks.signals import task_finished, task_started

        from . import network_time

        task_started.connect(network_time.task_started, dispatch_uid="portal.network_time.task")
        task_finished.connect(network_time.task_finished, dispatch_uid="portal.network_time.task")
        post_save.connect(
            network_time.profile_made, sender=UserProfile, dispatch_uid="portal.network_time.profile"
        )
        post_save.connect(
            network_time.network_zone_saved,
            sender=self.get_model("PortalSettings"),
            dispatch_uid="portal.network_time.settings",
        )
