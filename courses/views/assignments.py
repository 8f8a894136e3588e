"""The assigned courses of an organisation, under "My organisation": the manager assigns a course to all
members or to some, with an optional due date; sees each assignment with how many members it covers,
enrolled and completed; changes its due date or whom it is for; takes it back.

Who may open these screens is portal/managing.py's to say (`organisation_view`: the organisation's
managers and the network's coordinators; anyone else gets "not found"). The rules are
courses/learning/assignments.py's, the changes courses/learning/assignment_services.py's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal.managing import organisation_view

from ..access import policy
from ..learning import assignment_services as services
from ..learning import assignments
from ..learning.models import Assignment
from .assignment_forms import AssignmentForm, MemberPicker, shown_again

ASSIGNMENTS_PER_PAGE = 20


def _form_and_picker(request, organisation, *, instance: Assignment | None = None):
    """The form as it should be shown: bound (to save) when the manager sends it to be saved, else showing
    what was typed (a search or another page of members asked for) or the assignment as it is."""
    members_pay = policy.site_settings(request).members_pay
    options = {
        "members_pay": members_pay,
        "with_course": instance is None,
        "kept_due_on": instance.due_on if instance is not None else None,
    }
    browsing = "browse" in request.POST
    if request.method == "POST" and not browsing:
        form = AssignmentForm(organisation, data=request.POST, **options)
    elif request.method == "POST":
        form = AssignmentForm(organisation, initial=shown_again(request.POST), **options)
    elif instance is not None:
        chosen = list(instance.chosen.values_list("user_id", flat=True))
        initial = {"due_on": instance.due_on, "who": "everyone" if instance.for_everyone else "chosen"}
        form = AssignmentForm(organisation, initial={**initial, "members": chosen}, **options)
    else:
        form = AssignmentForm(organisation, **options)
    chosen = request.POST.getlist("members") if request.method == "POST" else form.initial.get("members", [])
    picker = MemberPicker(
        organisation,
        chosen=chosen,
        search=request.POST.get("q", ""),
        page=request.POST.get("browse") or 1,
    )
    return form, picker, browsing, members_pay


def _saved_message(request, assignment: Assignment) -> None:
    if assignment.for_everyone:
        text = _("“%(course)s” is assigned to all members.") % {"course": assignment.course.title}
    else:
        count = assignment.chosen.count()
        text = ngettext(
            "“%(course)s” is assigned to %(count)s member.",
            "“%(course)s” is assigned to %(count)s members.",
            count,
        ) % {"course": assignment.course.title, "count": count}
    messages.success(request, text)


@organisation_view
@require_http_methods(["GET", "POST"])
def organisation_assignments(request, organisation):
    form, picker, browsing, members_pay = _form_and_picker(request, organisation)
    if request.method == "POST" and not browsing and form.is_valid():
        try:
            assignment = services.assignment_create(
                organisation=organisation,
                course=form.cleaned_data["course"],
                due_on=form.cleaned_data["due_on"],
                members=form.chosen_members,
                by=request.user,
                members_pay=members_pay,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved_message(request, assignment)
            return redirect("courses:organisation_assignments", organisation_id=organisation.pk)
    listed = assignments.with_figures(assignments.of_organisation(organisation))
    page = Paginator(listed, ASSIGNMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_title": _("Assigned courses"),
        "organisation": organisation,
        "section": "assignments",
        "form": form,
        "picker": picker,
        "page_obj": page,
        "rows": [
            (assignment, assignments.is_available(assignment.course, members_pay=members_pay))
            for assignment in page
        ],
        "today": timezone.localdate(),
    }
    return render(request, "courses/organisation/assignments.html", context)


def _assignment(organisation, assignment_id: int) -> Assignment:
    """One of this organisation's assignments; another organisation's is "not found"."""
    return get_object_or_404(
        assignments.with_figures(assignments.of_organisation(organisation)), pk=assignment_id
    )


@organisation_view
@require_http_methods(["GET", "POST"])
def organisation_assignment(request, organisation, assignment_id: int):
    assignment = _assignment(organisation, assignment_id)
    form, picker, browsing, members_pay = _form_and_picker(request, organisation, instance=assignment)
    if request.method == "POST" and not browsing and form.is_valid():
        try:
            services.assignment_change(
                assignment=assignment,
                due_on=form.cleaned_data["due_on"],
                members=form.chosen_members,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved_message(request, assignment)
            return redirect("courses:organisation_assignments", organisation_id=organisation.pk)
    context = {
        "page_title": assignment.course.title,
        "organisation": organisation,
        "section": "assignments",
        "assignment": assignment,
        "available": assignments.is_available(assignment.course, members_pay=members_pay),
        "form": form,
        "picker": picker,
        "today": timezone.localdate(),
    }
    return render(request, "courses/organisation/assignment.html", context)


@organisation_view
@require_POST
def organisation_assignment_remove(request, organisation, assignment_id: int):
    assignment = get_object_or_404(
        Assignment.objects.select_related("course"), pk=assignment_id, organisation=organisation
    )
    title = assignment.course.title
    services.assignment_remove(assignment=assignment, by=request.user)
    messages.success(request, _("“%(course)s” is no longer assigned.") % {"course": title})
    return redirect("courses:organisation_assignments", organisation_id=organisation.pk)
