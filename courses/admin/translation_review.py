"""A synced translation goes through the site's review like every page: an editor submits it, a coordinator
approves and publishes it.

wagtail-localize's translation editor (the page editor of a synced translation) knows nothing of Wagtail's
moderation workflow: it offers "Publish in <language>" to those who may publish, and to an editor, who may
not, "Convert to alias page" as the main action, which throws the translation away. So the portal:
- gives an editor a footer of its own in that editor (templates/wagtail_localize/admin/edit_translation.html,
  `review_footer` below): *Submit to Editorial review* (or *Resubmit to …* after a coordinator asked for
  changes), which saves the translation as a new revision of the page (readers keep the published text) and
  starts the review, as Wagtail's page editor does; coordinators are told as for any page;
- makes a reviewer's "Publish in <language>" on a translation in review its approval, so the review ends
  approved (the editor is told), not cancelled;
- leaves converting a translation into an alias of its source to those who may publish the page (the
  coordinators): the action is not offered to others, and its address refuses them.

The hooks are registered in courses/wagtail_hooks.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import Translation, TranslationLog
from wagtail_localize.views import convert

SUBMIT = "submit"  # the value of `action` posted by the editor's footer
PUBLISH = "publish"  # the value of `action` posted by wagtail-localize's "Publish in <language>"


def synced_translation(page: Page) -> Translation | None:
    """The synced translation whose target is `page`, if it is one (wagtail-localize then edits it)."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def review_action(request, page: Page):
    """`before_edit_page`, run ahead of wagtail-localize's own: the review actions posted from the translation
    editor. Anything else (GET, a plain publish) is left to wagtail-localize (None)."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (SUBMIT, PUBLISH):
        return None
    translation = synced_translation(page)
    if translation is None:
        return None
    page = page.specific
    if action == SUBMIT:
        return _submit(request, page, translation)
    task_state = page.current_workflow_task_state
    if task_state is None or not _may_approve(task_state, page, request.user):
        return None  # no review to end: wagtail-localize publishes
    if _saved_as_draft(request, page, translation):
        task_state.task.specific.on_action(task_state, request.user, "approve")
        messages.success(request, _("Page '%(page_title)s' has been published.") % {"page_title": page.title})
    return redirect("wagtailadmin_pages:edit", page.pk)


def _submit(request, page: Page, translation: Translation):
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(request, lock.get_message(request.user))
        return redirect("wagtailadmin_pages:edit", page.pk)
    workflow = page.get_workflow()
    if workflow is None:
        raise PermissionDenied  # the portal always has one (portal/roles.py); no footer offers it otherwise
    if not _saved_as_draft(request, page, translation):
        return redirect("wagtailadmin_pages:edit", page.pk)
    page = Page.objects.get(pk=page.pk).specific  # with the revision just saved, the one under review
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    elif state is None:
        workflow.start(page, request.user)
    messages.success(
        request, _("Page '%(page_title)s' has been submitted for moderation.") % {"page_title": page.title}
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def _saved_as_draft(request, page: Page, translation: Translation) -> bool:
    """The translation as it stands (every segment translated so far, the source's text where one is not)
    saved as a new revision of the page, the one the review approves and publishes.

    Not through wagtail-localize's `save_target(publish=False)`: that writes the translated text into the
    page's row as well, which is what readers of a published page are served, so they would read the
    translation before anyone reviewed it. A revision alone leaves the published text as it is."""
    source = translation.source
    draft = source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    try:
        revision = draft.save_revision(user=request.user, log_action=True)
    except ValidationError as error:
        messages.error(
            request,
            _("The page '%(page_title)s' could not be saved: %(errors)s")
            % {"page_title": page.title, "errors": " ".join(error.messages)},
        )
        return False
    source.sync_view_restrictions(source.as_instance(), draft)
    TranslationLog.objects.create(source=source, locale=translation.target_locale, revision=revision)
    return True


def _may_approve(task_state, page: Page, user) -> bool:
    return "approve" in {name for name, _label, _modal in task_state.task.specific.get_actions(page, user)}


# --- the editor's footer in the translation editor --------------------------------------------------------


@dataclass(frozen=True)
class ReviewFooter:
    """What the footer of someone who may not publish offers in the translation editor."""

    main_label: str
    main_enabled: bool
    preview_url: str
    stop_url: str


def review_footer(request, page: Page, translation: Translation) -> ReviewFooter | None:
    """None for those who may publish the page: they keep wagtail-localize's own footer."""
    if page.permissions_for_user(request.user).can_publish():
        return None
    state = page.current_workflow_state
    lock = page.get_lock()
    enabled = True
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        label = _("Resubmit to %(task_name)s") % {"task_name": state.current_task_state.task.name}
    elif state is not None or (lock is not None and lock.for_user(request.user)):
        label, enabled = _("Awaiting review"), False
    else:
        label = _("Submit to %(workflow_name)s") % {"workflow_name": page.get_workflow().name}
    return ReviewFooter(
        main_label=label,
        main_enabled=enabled,
        preview_url=reverse("wagtail_localize:preview_translation", args=[translation.pk]),
        stop_url=reverse("wagtail_localize:stop_translation", args=[translation.pk]),
    )


# --- converting a translation into an alias: the coordinators' ----------------------------------------------


def may_convert_to_alias(user, page: Page) -> bool:
    return page.permissions_for_user(user).can_publish()


def without_convert_to_alias(menu_items, request, context) -> None:
    """`construct_page_action_menu`: the page editor of a translation that is not synced offers "Convert to
    alias page" (wagtail-localize's) only to those who may publish the page."""
    page = context.get("page")
    if page is not None and page.pk and not may_convert_to_alias(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]


@wraps(convert.convert_to_alias)
def convert_to_alias(request, page_id: int):
    """wagtail-localize's conversion, behind the coordinators' right to it (its address, registered ahead of
    wagtail-localize's, is the same)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is not None and not may_convert_to_alias(request.user, page):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)
