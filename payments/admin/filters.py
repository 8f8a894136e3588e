"""Filters of the orders listing (a django-filter set, as Wagtail's index views expect).

The buyer's country: orders do not record one, so the listing shows and filters by the country the portal
has on file for the buyer now, by the rule downloads use (courses/access/delivery.py, `downloader_for`): the
country of the organisation of an active membership for a member, otherwise the country given in the
buyer's latest authorisation request. Empty when neither is known.
"""

import django_filters
from django.conf import settings
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from courses.licensing.models import Contributor, CourseContributor, MaterialContributor
from portal.countries import country_choices
from portal.models import AccessRequest, Membership

from ..models import Order


def buyer_country():
    """An expression for the buyer's country (see the module's docstring), to annotate orders with."""
    membership = (
        Membership.objects.active()
        .filter(user=OuterRef("buyer_id"))
        .order_by("pk")
        .values("organisation__country")[:1]
    )
    request = (
        AccessRequest.objects.filter(user=OuterRef("buyer_id")).order_by("-created_at").values("country")
    )
    return Coalesce(Subquery(membership), Subquery(request[:1]), Value(""))


def with_buyer_country(orders):
    return orders.annotate(buyer_country=buyer_country())


def countries_of_buyers():
    """The countries of the buyers who have orders (evaluated when the form is built)."""
    countries = (
        with_buyer_country(Order.objects.order_by()).values_list("buyer_country", flat=True).distinct()
    )
    return country_choices(countries)


def items_sold():
    """Each item that has orders, once whatever the languages it was sold in: (translation key, title)."""
    rows = (
        Order.objects.filter(item__isnull=False)
        .values_list("item__translation_key", "item__title", "item__locale__language_code", "item_id")
        .order_by()
        .distinct()
    )
    titles: dict = {}
    for key, title, language, page_id in rows:
        rank = (language != settings.LANGUAGE_CODE, page_id)  # the default language's title if there is one
        if key not in titles or rank < titles[key][0]:
            titles[key] = (rank, title)
    return sorted(
        ((str(key), title) for key, (_rank, title) in titles.items()), key=lambda pair: pair[1].lower()
    )


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Order.Status.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Ordered on"), widget=DateRangePickerWidget)
    item = django_filters.ChoiceFilter(
        label=_("Course or material"), choices=items_sold, method="filter_item"
    )
    contributor = django_filters.ModelChoiceFilter(
        label=_("Contributor"),
        queryset=Contributor.objects.order_by("name"),
        method="filter_contributor",
        help_text=_("Orders of the items the contributor is credited on."),
    )
    country = django_filters.ChoiceFilter(
        label=_("Buyer's country"),
        choices=countries_of_buyers,
        method="filter_country",
        help_text=_("As the portal has it now: the member organisation's, or the authorisation request's."),
    )

    class Meta:
        model = Order
        fields = ["status", "created_at", "item", "contributor", "country"]

    def filter_item(self, queryset, name, value):
        return queryset.filter(item__translation_key=value)

    def filter_contributor(self, queryset, name, value):
        credited = Q()
        for credits in (CourseContributor, MaterialContributor):
            keys = credits.objects.filter(contributor=value).values("page__translation_key")
            credited |= Q(item__translation_key__in=keys)
        return queryset.filter(credited)

    def filter_country(self, queryset, name, value):
        # The listing annotates `buyer_country` (OrderIndexView); annotate here when it did not.
        if "buyer_country" not in queryset.query.annotations:
            queryset = with_buyer_country(queryset)
        return queryset.filter(buyer_country=value)
