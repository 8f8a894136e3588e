"""The user's own pages: the account, asking for authorisation, asking to be linked to an organisation; and
the message a visitor sends from the contact page.

Nothing here imports `courses` (DESIGN.md, Architecture: portal imports nothing of courses). The account
page lists granted items through courses' own template tag (`courses_account`), and a remembered locked
item is recognised by what every course and material carries: its own access level.
"""

import re
from functools import wraps

from allauth.account.utils import has_verified_email
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from . import login_names, services
from .contact_form import ContactForm
from .emails import address_of
from .forms import AccessRequestForm, MembershipRequestForm, ProfileForm
from .models import AccessRequest, ContactPage
from .privacy import copies


def is_confirmed(user) -> bool:
    """A confirmed e-mail address, or, for a member without e-mail, their manager's word (`User.vouched`):
    the same rule as the access policy's `verified` fact (courses/access/policy.py)."""
    return user.vouched or has_verified_email(user)


def verified_email_required(view):
    """Signed in, with a confirmed e-mail address (or vouched for: `is_confirmed`); otherwise off to the
    e-mail page to confirm it."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_confirmed(request.user):
            messages.warning(
                request,
                _("Confirm your e-mail address first: open the link we sent you, or ask for a new one here."),
            )
            return redirect("account_email")
        return view(request, *args, **kwargs)

    return wrapper


def private(view):
    """Personal pages are never stored by shared caches."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def requested_item(value) -> Page | None:
    """The live course or material whose id is `value`; None for anything else (lessons, other pages,
    unknown ids, text)."""
    if not re.fullmatch(r"[0-9]{1,18}", str(value or "")):
        return None
    page = Page.objects.live().filter(pk=int(value)).first()
    if page is None:
        return None
    page = page.specific
    # Courses and materials carry their own access level; lessons follow their course, other pages are open.
    return page if hasattr(page, "access_level") else None


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else NON_FIELD_ERRORS, errors)


@private
@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("portal:account")
    access_requests = list(user.access_requests.select_related("requested_page"))
    active_membership_ids = set(user.memberships.active().values_list("pk", flat=True))
    context = {
        "page_title": _("My account"),
        "profile_form": form,
        "email_verified": has_verified_email(user),
        "login_name": login_names.display(user.login_name),
        "access_requests": access_requests,
        "latest_request": access_requests[0] if access_requests else None,
        "memberships": user.memberships.select_related("organisation").order_by("organisation__name"),
        "active_membership_ids": active_membership_ids,
        "is_member": bool(active_membership_ids),
        "data_export": copies.latest_of(user),
        "has_address": bool(address_of(user)),
    }
    return render(request, "portal/account.html", context)


@private
@verified_email_required
@require_http_methods(["GET", "POST"])
def request_authorisation(request):
    user = request.user
    item = requested_item(request.GET.get("item"))
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access_request = services.access_request_create(
                user=user, requested_page=item, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if access_request.status == AccessRequest.Status.APPROVED:
                messages.success(
                    request, _("You are authorised: you can open the materials for authorised users.")
                )
            else:
                messages.success(
                    request,
                    _("Your request has been sent. We will e-mail you as soon as a coordinator has decided."),
                )
            return redirect(item.get_url(request) if item else "portal:account")
    context = {
        "page_title": _("Ask for authorisation"),
        "form": form,
        "item": item,
        "open_request": user.access_requests.pending().first(),
        "authorisation": user.access_requests.in_force().first(),
        "is_member": user.memberships.active().exists(),
    }
    return render(request, "portal/request_authorisation.html", context)


@private
@verified_email_required
@require_http_methods(["GET", "POST"])
def link_organisation(request):
    form = MembershipRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.membership_request(user=request.user, organisation=organisation)
        messages.success(
            request,
            _("Your link to %(name)s is waiting for a coordinator to confirm it.") % {"name": organisation},
        )
        return redirect("portal:account")
    context = {"page_title": _("Link your organisation"), "form": form}
    return render(request, "portal/link_organisation.html", context)


@private
@require_POST
def contact_send(request, page_id: int):
    """Send the contact page's form: kept for the coordinators and e-mailed to them, then back to the page,
    which says so. Refused, with what was typed kept, when the form is incomplete or when too many messages
    came from the same connection or address (ACCOUNT_RATE_LIMITS["contact"], counted like sign-ups)."""
    page = get_object_or_404(ContactPage.objects.live(), pk=page_id)
    form = ContactForm(request.POST, user=request.user)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if ratelimit.consume(request, action="contact", key=data["email"].lower()):
            services.contact_message_send(**data, language=page.locale.language_code, user=request.user)
            messages.success(
                request,
                _(
                    "Thank you: your message has been sent to the network's coordinators. They will answer "
                    "you at %(email)s."
                )
                % {"email": data["email"]},
            )
            return redirect(f"{page.get_url(request)}?sent=1")
        form.add_error(
            None,
            _(
                "Too many messages came from your connection or your address in a short time, so this one "
                "was not sent. Keep a copy of it and try again in an hour."
            ),
        )
        status = 429
    context = page.get_context(request)
    context["form"], context["sent"] = form, False
    return TemplateResponse(request, page.get_template(request), context, status=status)
