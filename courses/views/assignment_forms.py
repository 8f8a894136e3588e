"""The form a manager assigns a course with (and changes an assignment with), and the member picker in it.

The picker lists the organisation's members a page at a time, with a search, inside the same form: its
buttons (search, pages) send the whole form back to be shown again with what was typed and chosen, never
saved (`browse` in the data). Members chosen on other pages ride along as hidden fields, so 2,000 members
stay usable without JavaScript. The rules (what may be assigned, the due date, who may be chosen) are
courses/learning/assignments.py's and the services'; this form reads the values typed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.models import Membership, User

from ..learning import assignments
from ..models import CoursePage

MEMBERS_PER_PAGE = 25
EVERYONE, CHOSEN = "everyone", "chosen"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]  # a date field's own, then typed by hand


class CourseChoice(forms.ModelChoiceField):
    def label_from_instance(self, course):
        return course.title


class AssignmentForm(forms.Form):
    course = CourseChoice(
        queryset=CoursePage.objects.none(), label=_("Course"), empty_label=_("Choose a course")
    )
    due_on = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A reminder goes to those who have not completed it a week before."),
    )
    who = forms.ChoiceField(
        label=_("For"),
        choices=[
            (EVERYONE, _("All members, and those who join later")),
            (CHOSEN, _("The members I choose below")),
        ],
        widget=forms.RadioSelect,
        initial=EVERYONE,
    )
    members = forms.ModelMultipleChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, organisation, *, members_pay: bool, kept_due_on=None, with_course=True, **kwargs):
        super().__init__(**kwargs)
        self.organisation = organisation
        self.kept_due_on = kept_due_on  # the due date already set, which may be kept though it has passed
        if with_course:
            courses = assignments.assignable(CoursePage.objects, members_pay=members_pay)
            self.fields["course"].queryset = courses.select_related("locale").order_by("locale", "title")
        else:
            del self.fields["course"]
        self.fields["members"].queryset = User.objects.filter(
            memberships__in=Membership.objects.active().filter(organisation=organisation)
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("who") == EVERYONE:  # the picker is not in play: nothing in it is wrong
            self.errors.pop("members", None)
            cleaned["members"] = []
        # The rules' own checks (the services check again), each error shown at its field.
        checks = []
        if "due_on" in cleaned and cleaned["due_on"] != self.kept_due_on:
            checks.append(lambda: assignments.check_due_on(cleaned["due_on"], timezone.localdate()))
        if cleaned.get("who") == CHOSEN and "members" in cleaned:
            checks.append(lambda: assignments.check_chosen(cleaned["members"]))
        for check in checks:
            try:
                check()
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    @property
    def chosen_members(self) -> list[User] | None:
        """None for all members, else the members chosen (after validation)."""
        return None if self.cleaned_data["who"] == EVERYONE else list(self.cleaned_data["members"])

    def course_groups(self) -> list[tuple[str, list]]:
        """The courses by language, the reader's first, for the <select>'s groups."""
        groups: dict[str, list] = {}
        reader = translation.get_language()
        courses = sorted(self.fields["course"].queryset, key=lambda c: c.locale.language_code != reader)
        for course in courses:
            groups.setdefault(course.locale.get_display_name(), []).append(course)
        return list(groups.items())


def shown_again(data) -> dict:
    """What was typed and chosen, to show the form again as it was (initial values, no errors)."""
    return {
        "course": data.get("course", ""),
        "due_on": data.get("due_on", ""),
        "who": data.get("who", EVERYONE),
        "members": data.getlist("members"),
    }


class MemberPicker:
    """One page of the organisation's members (by name), searched by name or address, with the members
    chosen on other pages kept apart (hidden fields)."""

    def __init__(self, organisation, *, chosen, search: str = "", page=1):
        self.search = search.strip()
        self.chosen = {str(pk) for pk in chosen if str(pk).isdigit()}
        memberships = (
            Membership.objects.active()
            .filter(organisation=organisation)
            .select_related("user")
            .order_by("user__full_name", "user__email", "pk")
        )
        if self.search:
            memberships = memberships.filter(
                Q(user__full_name__icontains=self.search) | Q(user__email__icontains=self.search)
            )
        self.page = Paginator(memberships, MEMBERS_PER_PAGE).get_page(page)
        self.rows = [(membership.user, str(membership.user_id) in self.chosen) for membership in self.page]
        on_page = {str(user.pk) for user, _chosen in self.rows}
        self.chosen_elsewhere = sorted(self.chosen - on_page, key=int)

    @property
    def chosen_count(self) -> int:
        return len(self.chosen)
