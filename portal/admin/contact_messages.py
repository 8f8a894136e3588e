"""Messages from the contact page, for the coordinators: a listing and each message in full. They are read
and answered by e-mail, never edited; spam may be deleted (the permission policy, see wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import ContactMessage
from .moments import MomentColumn, MomentFieldsMixin


class ContactMessageInspectView(MomentFieldsMixin, InspectView):
    pass


class ContactMessageViewSet(ModelViewSet):
    model = ContactMessage
    name = "contact_messages"
    icon = "mail"
    menu_label = _("Contact messages")
    menu_order = 155
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = ContactMessageInspectView
    copy_view_enabled = False
    list_display = [
        "name",
        "email",
        Column("topic", label=_("Topic"), accessor="get_topic_display", sort_key="topic"),
        Column("language", label=_("Language"), accessor="get_language_display", sort_key="language"),
        MomentColumn("created_at", label=_("Sent on"), sort_key="created_at"),
    ]
    list_filter = ["topic", "language"]
    inspect_view_fields = ["name", "email", "topic", "language", "created_at", "message", "user"]
    search_fields = ["name", "email", "message"]
    search_backend_name = None  # not in the search index: search the database
    ordering = ["-created_at"]
    form_fields = ["name"]  # never edited (read, and answered by e-mail): the edit address shows the message

    @property
    def edit_view(self):
        return RedirectView.as_view(pattern_name=self.get_url_name("inspect"))
