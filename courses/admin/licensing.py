"""The "Licensing" menu: contributors, and licences whose revisions are kept as versions.

Editing a licence never rewrites it: saving changed terms makes a new version through
`licence_new_version` (courses/licensing/changes.py; in force at once for every item under that licence), and
the old version stays, readable in its inspect view, for the records. Licences are never deleted.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import EditView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.admin.moments import MomentFieldsMixin

from ..licensing import changes as licensing_changes
from ..models import Contributor, Licence


class ContributorViewSet(ModelViewSet):
    model = Contributor
    name = "contributors"
    icon = "group"
    menu_label = _("Contributors")
    list_display = ["name", "kind", "website", "contact"]
    list_filter = ["kind"]
    search_fields = ["name", "contact", "notes"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("contact"),
        FieldPanel("notes"),
    ]


class LicenceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # shared by every version

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not self.instance.pk and Licence.objects.filter(code=code).exists():
            raise ValidationError(
                _("A licence with the code %(code)s exists: edit it to make a new version."),
                params={"code": code},
            )
        return code


class LicenceEditView(EditView):
    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_current:
            messages.warning(
                request,
                gettext("Version %(version)s was replaced: you are editing the version in force.")
                % {"version": self.object.version},
            )
            return redirect(self.edit_url_name, quote(self.object.current_version_id))
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        self.previous_version = self.object.version
        changes = {name: self.form.cleaned_data[name] for name in self.form.changed_data}
        licence = Licence.objects.get(pk=self.object.pk)
        return licensing_changes.licence_new_version(licence=licence, changes=changes, by=self.request.user)

    def get_success_message(self):
        if self.object.version == self.previous_version:
            return gettext("Licence “%(name)s”: nothing changed.") % {"name": self.object.shown_name}
        return gettext(
            "Licence “%(name)s” saved as version %(version)s, in force now; version %(previous)s is kept "
            "for the records."
        ) % {
            "name": self.object.shown_name,
            "version": self.object.version,
            "previous": self.previous_version,
        }

    def get_success_buttons(self):
        return [messages.button(reverse(self.edit_url_name, args=[quote(self.object.pk)]), gettext("Edit"))]


class LicenceInspectView(MomentFieldsMixin, InspectView):
    pass


class LicenceViewSet(ModelViewSet):
    model = Licence
    name = "licences"
    icon = "doc-full-inverse"
    menu_label = _("Licences")
    edit_view_class = LicenceEditView
    inspect_view_class = LicenceInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "__str__",
        "code",
        "version",
        "widest_level",
        BooleanColumn("may_be_sold", label=_("May be sold")),
        "agreement_ends",
        BooleanColumn("is_current", label=_("In force")),
    ]
    list_filter = ["widest_level", "may_be_sold", "acceptance_required"]
    search_fields = ["name", "name_en", "name_pt", "code", "label"]
    search_backend_name = None
    ordering = ["code", "-version"]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("name_en"),
                    FieldPanel("name_pt"),
                    FieldRowPanel([FieldPanel("label"), FieldPanel("label_en"), FieldPanel("label_pt")]),
                ],
                heading=_("Name, in each language"),
            ),
            FieldPanel("url"),
            MultiFieldPanel(
                [
                    FieldPanel("widest_level"),
                    FieldRowPanel([FieldPanel("may_be_sold"), FieldPanel("may_be_changed")]),
                    FieldPanel("acceptance_required"),
                ],
                heading=_("What it allows"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("attribution_required"),
                    FieldPanel("attribution_template"),
                    FieldPanel("attribution_template_en"),
                    FieldPanel("attribution_template_pt"),
                ],
                heading=_("Attribution"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("agreement_ends"), FieldPanel("revenue_share")])],
                heading=_("Agreement"),
            ),
            MultiFieldPanel(
                [FieldPanel("terms_es"), FieldPanel("terms_en"), FieldPanel("terms_pt")],
                heading=_("Terms shown to users"),
            ),
        ],
        base_form_class=LicenceForm,
    )


class LicensingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Licensing")
    menu_icon = "doc-full-inverse"
    menu_name = "licensing"
    menu_order = 165
    items = (LicenceViewSet, ContributorViewSet)
