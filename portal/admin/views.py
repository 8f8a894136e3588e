"""A base for the admin screens that change something through a service: a POST form with CSRF on a
standard Wagtail admin page, the service's ValidationError shown on the form, then a success message."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .forms import show_service_error


class ServiceFormView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Subclasses set `model`, `permission_required`, `form_class`, `page_title` and `submit_label`, and
    implement `perform(cleaned_data)` (call the service; may raise ValidationError) and
    `get_success_message()`. With a `pk` in the URL, the object is `self.object`."""

    template_name = "portal/admin/service_form.html"
    form_class = forms.Form  # a confirmation: nothing to fill in, only the CSRF token
    submit_label = ""
    button_class = ""
    intro = ""
    index_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"]) if "pk" in kwargs else None
        self.next_url = get_valid_next_url_from_request(request)

    def get_queryset(self):
        return self.model._default_manager.all()

    def perform(self, cleaned_data):
        raise NotImplementedError

    def get_success_message(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_summary(self) -> list[tuple[str, object]]:
        """(label, value) pairs shown above the form, so the decision is taken with the facts in view."""
        return []

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except ValidationError as error:
            show_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.next_url or self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            object=self.object,
            summary=self.get_summary(),
            intro=self.intro,
            submit_label=self.submit_label,
            button_class=self.button_class,
            action_url=self.request.get_full_path(),
            cancel_url=self.next_url or self.get_success_url(),
            media=form.media,
        )
        return context
