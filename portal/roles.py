"""The editorial roles: "Editors" write and submit, "Learning coordinators" review, publish and administer.

Run after every migrate (see PortalConfig.ready), so a fresh database and an upgraded one end up alike.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_noop

# Stored in English, the records' keys; shown in each reader's language (portal/role_names.py).
EDITORS = gettext_noop("Editors")
COORDINATORS = gettext_noop("Learning coordinators")
WORKFLOW = gettext_noop("Editorial review")
REVIEW_TASK = gettext_noop("Coordinator review")
SHOWN_IN_EACH_LANGUAGE = (EDITORS, COORDINATORS, WORKFLOW, REVIEW_TASK)

_MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailmedia", "add_media"),
    ("wagtailmedia", "change_media"),
]
_COORDINATOR_MODEL_PERMISSIONS = [
    ("portal", codename)
    for model in ("organisation", "membership", "user")
    for codename in (f"add_{model}", f"change_{model}", f"view_{model}")
] + [
    # Authorisation requests: "change" is the right to decide (through portal.services; never a free edit).
    ("portal", "view_accessrequest"),
    ("portal", "change_accessrequest"),
    ("portal", "add_partnerdomain"),
    ("portal", "change_partnerdomain"),
    ("portal", "delete_partnerdomain"),
    ("portal", "view_partnerdomain"),
    # Entitlements: "add" grants an item, "change" revokes a grant (through courses.services).
    ("courses", "add_entitlement"),
    ("courses", "change_entitlement"),
    ("courses", "view_entitlement"),
    # Contributors and licences: a licence is revised into a new version, never deleted.
    ("courses", "add_contributor"),
    ("courses", "change_contributor"),
    ("courses", "delete_contributor"),
    ("courses", "view_contributor"),
    ("courses", "add_licence"),
    ("courses", "change_licence"),
    ("courses", "view_licence"),
    # Learning statistics of each course (enrolments, completion, quiz scores, drop-off) and their CSV.
    ("courses", "view_learning_statistics"),
    # Orders: read them and the sales report; refund them (through payments.refunds). Never edited.
    ("payments", "view_order"),
    ("payments", "refund_order"),
    ("portal", "change_portalsettings"),
    # Erase a person's account when they ask by another channel (portal/admin/account_erasure.py).
    ("portal", "erase_account"),
    # Messages from the contact page: read (and answered by e-mail); spam deleted.
    ("portal", "view_contactmessage"),
    ("portal", "delete_contactmessage"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]

ROLE_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    COORDINATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _submit_translation() -> Permission:
    """wagtail-localize's right to start a page's translation into another language and to bring its
    translations up to date. Its migration makes it (on a content type of its own), not Django's
    `create_permissions`: made again here when a flushed test database has lost it."""
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    return permission


def ensure_roles(sender, **kwargs) -> None:
    if sender.label != "portal":
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    setup_roles()


def setup_roles() -> None:
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    access_admin = _permission("wagtailadmin", "access_admin")
    # Both roles start a page's translation into another language, and bring its translations up to date.
    submit_translation = _submit_translation()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_PAGE_PERMISSIONS}
    for group in groups.values():
        group.permissions.add(access_admin, submit_translation)
    coordinators = groups[COORDINATORS]
    coordinators.permissions.add(
        *[_permission(app, codename) for app, codename in _COORDINATOR_MODEL_PERMISSIONS]
    )

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page is None or root_collection is None:
        return  # a database being flushed; the next migrate sets the rest up
    for name, page_codenames in ROLE_PAGE_PERMISSIONS.items():
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=root_page, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in _MEDIA_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=_permission(app_label, codename)
            )

    # Moderation: every page goes draft → review by a coordinator → published.
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    task.groups.add(coordinators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
