"""Filters of the coordinators' listings (django-filter sets, as Wagtail's index views expect)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..countries import country_choices
from ..models import AccessRequest, Membership, Organisation


def countries_in_use(model):
    """Choices of the countries the records name, by name in the reader's language: the filter lists only
    countries it would find something in. Evaluated when the form is built, so new countries appear at
    once."""

    def choices():
        return country_choices(model.objects.order_by().values_list("country", flat=True).distinct())

    return choices


class AccessRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AccessRequest.Status.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries_in_use(AccessRequest))
    created_at = django_filters.DateFromToRangeFilter(label=_("Asked on"), widget=DateRangePickerWidget)

    class Meta:
        model = AccessRequest
        fields = ["status", "country", "created_at"]


class OrganisationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Member status"), choices=Organisation.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Organisation.Kind.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries_in_use(Organisation))

    class Meta:
        model = Organisation
        fields = ["status", "kind", "country"]


class MembershipFilterSet(WagtailFilterSet):
    verified = django_filters.BooleanFilter(
        label=_("Confirmed"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )
    organisation__status = django_filters.ChoiceFilter(
        label=_("Organisation's member status"), choices=Organisation.Status.choices
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    manages = django_filters.BooleanFilter(
        label=_("Manager"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )
    asks_to_manage = django_filters.BooleanFilter(
        label=_("Asks to be a manager"),
        field_name="manager_requested_at",
        lookup_expr="isnull",
        exclude=True,
        widget=forms.Select(choices=[("", "---------"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = Membership
        fields = ["verified", "organisation__status", "organisation", "manages", "asks_to_manage"]
