"""The courses app's part of the Wagtail admin: entitlements (grants), contributors and licences, and the
audit-log labels of granting, revoking and revising a licence. The screens live in courses/admin/."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from portal.admin.permissions import RecordPermissionPolicy

from .admin import translation_review
from .admin.entitlements import EntitlementViewSet
from .admin.licensing import LicensingViewSetGroup
from .models import Entitlement, Licence

# Before the viewset is registered: an entitlement is the record of a grant or purchase, never deleted.
register_permission_policy(Entitlement, RecordPermissionPolicy(Entitlement, forbidden=("delete",)))
# Items, orders and acceptances point at the licence versions they were made under: never deleted either.
register_permission_policy(Licence, RecordPermissionPolicy(Licence, forbidden=("delete",)))


@hooks.register("register_admin_viewset")
def register_entitlement_viewset():
    return EntitlementViewSet()


@hooks.register("register_log_actions")
def register_entitlement_log_actions(actions):
    # Logged on the item (a page), so they also appear in the page's own history.
    @actions.register_action("courses.entitlement.grant")
    class GrantFormatter(LogFormatter):
        label = _("Grant item")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            source = data.get("source", "")
            if source in Entitlement.Source.values:
                source = Entitlement.Source(source).label
            return _("Granted to %(user)s (%(source)s)") % {"user": data.get("user", ""), "source": source}

    @actions.register_action("courses.entitlement.revoke")
    class RevokeFormatter(LogFormatter):
        label = _("Revoke grant")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            if data.get("reason"):
                return _("Grant revoked for %(user)s: %(reason)s") % {
                    "user": data.get("user", ""),
                    "reason": data["reason"],
                }
            return _("Grant revoked for %(user)s") % {"user": data.get("user", "")}


@hooks.register("register_log_actions")
def register_assignment_log_actions(actions):
    # An organisation's manager assigns courses from the public site (learning/assignment_services.py).
    for action, label, message in (
        ("create", _("Assign a course"), _("Course assigned")),
        ("change", _("Change an assigned course"), _("Assignment changed")),
        ("remove", _("Remove an assigned course"), _("Assignment removed")),
    ):
        actions.register_action(f"courses.assignment.{action}", label, message)


@hooks.register("register_admin_viewset")
def register_licensing_viewsets():
    return LicensingViewSetGroup()


@hooks.register("register_log_actions")
def register_licence_log_actions(actions):
    @actions.register_action("courses.licence.new_version")
    class NewVersionFormatter(LogFormatter):
        label = _("New version of a licence")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("%(code)s: new version, replacing version %(previous)s") % {
                "code": data.get("code", ""),
                "previous": data.get("previous", ""),
            }


# --- the licensing reports (courses/admin/reports/), in the "Reports" menu -------------------------------


@hooks.register("register_admin_urls")
def register_licensing_report_urls():
    from django.urls import include, path

    from .admin.reports.screen import URL_NAMESPACE
    from .admin.reports.urls import urlpatterns

    return [path("reports/licensing/", include((urlpatterns, URL_NAMESPACE)))]


@hooks.register("register_reports_menu_item")
def register_contributors_report_menu_item():
    from django.urls import reverse

    from .admin.reports.screen import URL_NAMESPACE, ReportMenuItem

    return ReportMenuItem(
        _("Licensing: contributors"),
        reverse(f"{URL_NAMESPACE}:contributors"),
        name="licensing-contributors",
        icon_name="group",
        order=600,
    )


@hooks.register("register_reports_menu_item")
def register_licences_report_menu_item():
    from django.urls import reverse

    from .admin.reports.screen import URL_NAMESPACE, ReportMenuItem

    return ReportMenuItem(
        _("Licensing: licences"),
        reverse(f"{URL_NAMESPACE}:licences"),
        name="licensing-licences",
        icon_name="doc-full-inverse",
        order=610,
    )


# --- learning statistics (courses/admin/learning.py): the "Reports" menu and a button on each course -----


@hooks.register("register_admin_urls")
def register_learning_statistics_urls():
    from django.urls import include, path

    from .admin import learning

    return [path("reports/learning/", include((learning.urlpatterns, learning.URL_NAMESPACE)))]


@hooks.register("register_reports_menu_item")
def register_learning_statistics_menu_item():
    from django.urls import reverse

    from .admin.learning import URL_NAMESPACE, StatisticsMenuItem

    return StatisticsMenuItem(
        _("Learning: courses"),
        reverse(f"{URL_NAMESPACE}:index"),
        name="learning-courses",
        icon_name="tasks",
        order=620,
    )


@hooks.register("register_page_header_buttons")
def learning_statistics_button(page, user, view_name=None, next_url=None):
    from django.urls import reverse
    from wagtail.admin.widgets import Button

    from .admin.learning import URL_NAMESPACE, may_read_statistics
    from .models import CoursePage

    if page.specific_class is CoursePage and may_read_statistics(user):
        yield Button(
            _("Learning statistics"),
            reverse(f"{URL_NAMESPACE}:course", args=[page.pk]),
            icon_name="tasks",
            priority=75,
        )


# --- synced translations go through the review (courses/admin/translation_review.py) -----------------------


# Ahead of wagtail-localize's own hook (order 0), which otherwise answers every request to the translation.
hooks.register("before_edit_page", translation_review.review_action, order=-1)
hooks.register("construct_page_action_menu", translation_review.without_convert_to_alias)


@hooks.register("register_admin_urls", order=-1)
def register_convert_to_alias_guard():
    from django.urls import path

    # The address of wagtail-localize's "Convert to alias page", matched before its own.
    return [path("localize/page/<int:page_id>/convert_to_alias/", translation_review.convert_to_alias)]


# --- lesson media for editors: a video's page in *Media* and previews open its private file --------------


@hooks.register("register_admin_urls")
def register_lesson_media_for_editors():
    from django.urls import path

    from .views.lesson_media import for_editors

    return [path("lesson-media/<path:name>", for_editors, name="lesson_media_for_editors")]
