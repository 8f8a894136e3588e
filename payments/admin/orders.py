"""Orders in the admin, to read: a filtered listing with orders under review marked, and an order's page
with what Stripe told the portal about it, its refunds, its disputes, the access it gave and its audit log.
The viewset wires these to the refund screen (payments/admin/refund.py).

Orders are records of money: the permission policy (wagtail_hooks) refuses "add", "change" and "delete"
to everyone, superusers included; the edit address (which admin searches and logs link to) leads to the
order's page. The only action is the refund.
"""

import json

from django.contrib.admin.utils import quote, unquote
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail.admin.ui.tables import Column, Table, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import registry as log_registry

from courses.access.models import Entitlement
from courses.currencies import money
from portal.admin.access_requests import person_label
from portal.admin.moments import MomentColumn, MomentFieldsMixin
from portal.countries import country_name

from .. import billing, gateway
from ..models import Order, Refund, StripeEvent
from ..selectors import purchase_in_force
from .filters import OrderFilterSet, with_buyer_country
from .forms import RefundForm, can_be_refunded
from .refund import REFUND, RefundView

FLAGGED = Order.Status.FLAGGED


def events_for(order: Order):
    """The Stripe events about this order: its Checkout Sessions (every attempt carries the order's
    reference in its metadata), and the charges and refunds of its payment."""
    mine = Q(payload__data__object__metadata__order_reference=order.reference)
    if order.stripe_session_id:
        mine |= Q(payload__data__object__id=order.stripe_session_id)
    if order.payment_intent_id:
        mine |= Q(payload__data__object__payment_intent=order.payment_intent_id)
    return StripeEvent.objects.filter(mine).order_by("received_at", "pk")


def purchase_entitlements(order: Order):
    """The access this order gave (one entitlement, or none when it was never paid or had no item)."""
    return (
        Entitlement.objects.filter(source=Entitlement.Source.PURCHASE, reference=order.reference)
        .select_related("page", "user")
        .order_by("created_at")
    )


# --- the listing ------------------------------------------------------------------------------------------


def needs_attention(order: Order) -> bool:
    """Under review, paid with a note to act on (a second payment for the same order, to refund), with a
    refund that failed (its money to return another way), disputed (evidence to give), or with an early
    fraud warning not acted on."""
    return (
        order.status in (FLAGGED, Order.Status.DISPUTED)
        or bool(order.flag_reason)
        or order.fraud_warning_open
        or _has_failed_refund(order)
    )


# --- refunds that failed: the listing marks their orders, an order's page says what to do -----------------


def with_failed_refunds(orders):
    """Orders annotated with whether one of their refunds failed at Stripe (`has_failed_refund`)."""
    failed = Refund.objects.filter(order=OuterRef("pk"), status__in=Refund.FAILED)
    return orders.annotate(has_failed_refund=Exists(failed))


def _has_failed_refund(order: Order) -> bool:
    if hasattr(order, "has_failed_refund"):
        return order.has_failed_refund
    return order.refunds.filter(status__in=Refund.FAILED).exists()


def attention_note(order: Order) -> str:
    """What an order needing attention needs, in a line (shown on hover in the listing)."""
    notes = [order.flag_reason] if order.flag_reason else []
    if order.status == Order.Status.DISPUTED:
        notes.append(gettext("The buyer's bank disputes this payment: give Stripe the evidence in time."))
    if order.fraud_warning_open:
        notes.append(
            gettext("Stripe's early fraud warning: %(kind)s. Refund it to avoid a dispute.")
            % {"kind": order.fraud_type_label}
        )
    if _has_failed_refund(order):
        notes.append(gettext("A refund of this order failed at Stripe: its money is to be returned."))
    return "\n".join(notes)


def failed_refunds(order: Order) -> list[tuple[Refund, str]]:
    """The order's refunds that failed at Stripe, each with its amount as the reader writes it."""
    refunds = order.refunds.filter(status__in=Refund.FAILED).order_by("failed_at", "pk")
    return [(refund, money(refund.amount, order.currency)) for refund in refunds]


class StatusColumn(Column):
    """The status as a tag; an order under review or with a note to act on stands out, the note on hover."""

    cell_template_name = "payments/admin/orders/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(flagged=instance.status == FLAGGED, reason=attention_note(instance))
        return context


class OrderTable(Table):
    def get_row_classname(self, instance):
        return "order-row--flagged" if needs_attention(instance) else ""


class OrderIndexView(IndexView):
    table_class = OrderTable

    def get_base_queryset(self):
        return with_failed_refunds(with_buyer_country(super().get_base_queryset().select_related("buyer")))

    def get_edit_url(self, instance):
        return None

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "reference",
                label=_("Reference"),
                get_url=self.get_inspect_url,
                sort_key="reference",
            ),
            Column(
                "buyer",
                label=_("Buyer"),
                # An order outlives its buyer's erased account (payments/privacy/erasure.py).
                accessor=lambda order: order.buyer.email if order.buyer else person_label(None),
                sort_key="buyer__email",
            ),
            Column("item_title", label=_("Course or material"), sort_key="item_title"),
            Column(
                "amount",
                label=_("Amount"),
                accessor=lambda order: money(order.amount, order.currency),
                sort_key="amount",
                classname="order-amount",
            ),
            StatusColumn("status", label=_("Status"), accessor="get_status_display", sort_key="status"),
            Column(
                "buyer_country",
                label=_("Country"),
                accessor=lambda order: country_name(order.buyer_country),
                sort_key="buyer_country",
            ),
            MomentColumn("created_at", label=_("Ordered on"), sort_key="created_at"),
            MomentColumn("paid_at", label=_("Paid on"), sort_key="paid_at"),
        ]


# --- an order's page --------------------------------------------------------------------------------------


class OrderInspectView(MomentFieldsMixin, InspectView):
    template_name = "payments/admin/orders/inspect.html"
    refund_url_name = None

    def get_object(self, queryset=None):
        orders = with_buyer_country(Order.objects.select_related("buyer", "item", "licence"))
        return get_object_or_404(orders, pk=unquote(str(self.pk)))

    def get_field_label(self, field_name, field):
        if field_name == "country":
            return gettext("Buyer's country")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None

    def get_buyer_display_value(self):
        return person_label(self.object.buyer)

    def get_country_display_value(self):
        return country_name(self.object.buyer_country) or gettext("Not known")

    def get_item_display_value(self):
        order = self.object
        if order.item is None:
            return gettext("%(title)s (deleted since)") % {"title": order.item_title}
        url = reverse("wagtailadmin_pages:edit", args=[order.item_id])
        return format_html('<a href="{}">{}</a>', url, order.item.get_admin_display_title())

    def get_amount_display_value(self):
        return money(self.object.amount, self.object.currency)

    def get_amount_refunded_display_value(self):
        return money(self.object.amount_refunded, self.object.currency)

    def get_licence_display_value(self):
        licence = self.object.licence
        if licence is None:
            return gettext("No licence")
        return gettext("%(licence)s, version %(version)s") % {
            "licence": licence.shown_label,
            "version": licence.version,
        }

    # Who the invoice is for, as Stripe Checkout collected it (payments/billing.py).
    def get_buyer_tax_ids_display_value(self):
        return ", ".join(billing.tax_id_text(tax_id) for tax_id in self.object.buyer_tax_ids) or "—"

    def get_buyer_address_display_value(self):
        return ", ".join(billing.address_lines(self.object.buyer_address)) or "—"

    def get_amount_tax_display_value(self):
        return money(self.object.amount_tax, self.object.currency)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        if can_be_refunded(order) and self.user_has_permission(REFUND):
            refund_url = reverse(self.refund_url_name, args=[quote(order.pk)])
            context.update(
                refund_form=RefundForm(order=order),
                refund_action_url=f"{refund_url}?{urlencode({'next': self.request.path})}",
            )
        events = [
            (event, json.dumps(event.payload, indent=2, ensure_ascii=False)) for event in events_for(order)
        ]
        if order.fraud_warning_open and can_be_refunded(order) and self.user_has_permission(REFUND):
            refund_url = reverse(self.refund_url_name, args=[quote(order.pk)])
            context["fraud_refund"] = {
                "action_url": f"{refund_url}?{urlencode({'next': self.request.path})}",
                "amount": money(order.amount - order.amount_refunded, order.currency),
                "seen_refunded": order.amount_refunded,
                "reason": gettext("Stripe's early fraud warning: %(kind)s")
                % {"kind": order.fraud_type_label},
            }
        context.update(
            order=order,
            disputes=[
                (dispute, gateway.dashboard_url("disputes", dispute.stripe_id))
                for dispute in order.disputes.all()
            ],
            flagged=order.status == FLAGGED,
            refunds=order.refunds.select_related("created_by"),
            failed_refunds=failed_refunds(order),
            has_access=purchase_in_force(order),
            entitlements=[
                (entitlement, reverse("entitlements:inspect", args=[entitlement.pk]))
                for entitlement in purchase_entitlements(order)
            ],
            events=events,
            log_entries=log_registry.get_logs_for_instance(order)
            .select_related("user")
            .order_by("-timestamp"),
        )
        return context


# --- the viewset ------------------------------------------------------------------------------------------


class OrderViewSet(ModelViewSet):
    model = Order
    name = "orders"
    icon = "tag"
    menu_label = _("Orders")
    menu_order = 175
    add_to_admin_menu = True
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    inspect_view_enabled = True
    inspect_view_fields = [
        "reference",
        "status",  # why an order needs attention (flag_reason) is said above these facts
        "buyer",
        "country",
        "item",
        "amount",
        "amount_refunded",
        "buyer_organisation",
        "buyer_name",
        "buyer_tax_ids",
        "buyer_address",
        "amount_tax",
        "licence",
        "created_at",
        "paid_at",
        "refunded_at",
        "receipt_sent_at",
        "fraud_warned_at",  # Stripe's early fraud warning (its kind is said above these facts)
        "delayed_payment_since",  # paid with a method confirmed later (a voucher, a bank debit)
        "failure_notice_sent_at",
        "stripe_session_id",
        "payment_intent_id",
        "stripe_invoice_id",
        "attempt",
    ]
    copy_view_enabled = False
    index_template_name = "payments/admin/orders/index.html"
    filterset_class = OrderFilterSet
    search_fields = ["reference", "buyer__email"]
    search_backend_name = None  # orders are not in the search index: search the database
    ordering = "-created_at"
    list_per_page = 50
    form_fields = []  # no add or edit form is ever shown: the permission policy refuses both
    # Not in Wagtail's reference index: a page's or a user's "usage" would list orders to anyone who may
    # edit the page, and every order saved by a webhook would queue an index update.
    add_to_reference_index = False

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(refund_url_name=self.get_url_name("refund"), **kwargs)

    @property
    def edit_view(self):
        # Linked from admin searches and the audit log: the order's page, never a form.
        return RedirectView.as_view(pattern_name=self.get_url_name("inspect"))

    @cached_property
    def refund_view(self):
        return self.construct_view(RefundView, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("refund/<int:pk>/", self.refund_view, name="refund")]
