"""What courses/ holds about a person, as sections of their data export (portal/privacy/export.py):
enrolments, lessons done, quiz attempts, certificates, licence terms accepted, grants and purchases,
downloads, the courses assigned to them with the reminders sent, and what their devices sent while offline.

Registered from `CoursesConfig.ready()`. A certificate's digest is left out: it is how the portal finds the
certificate by its code, which the export already carries."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.privacy.export import Section, register

from ..models import (
    Assignment,
    Certificate,
    DownloadEvent,
    Enrolment,
    Entitlement,
    LearnerAction,
    LessonCompletion,
    LicenceAcceptance,
    QuizAttempt,
    ReminderSent,
)

COURSE = _("course")
LESSON = _("lesson")
ITEM = pgettext_lazy("a course, lesson or material in a copy of personal data", "item")


def assigned_to(user):
    """The courses assigned to this person: to them by name, or to all members of an organisation they
    belong to."""
    return Assignment.objects.filter(
        Q(chosen__user=user) | Q(for_everyone=True, organisation__memberships__user=user)
    ).distinct()


def register_sections() -> None:
    register(
        Section(
            key="enrolments",
            title=_("Your courses"),
            model=Enrolment,
            fields=("id", "course__title", "enrolled_at", "last_activity_at", "completed_at"),
            queryset=lambda user: Enrolment.objects.filter(user=user).order_by("enrolled_at", "pk"),
            labels={"course__title": COURSE},
        )
    )
    register(
        Section(
            key="lessons_done",
            title=_("Lessons you completed"),
            model=LessonCompletion,
            fields=("id", "enrolment__course__title", "lesson__title", "completed_at"),
            queryset=lambda user: LessonCompletion.objects.filter(enrolment__user=user).order_by(
                "completed_at", "pk"
            ),
            labels={"enrolment__course__title": COURSE, "lesson__title": LESSON},
        )
    )
    register(
        Section(
            key="quiz_attempts",
            title=_("Your quiz attempts"),
            model=QuizAttempt,
            fields=(
                "id", "enrolment__course__title", "lesson__title", "block_id", "attempts", "best_score",
                "last_score", "passed", "last_answers", "last_attempted_at",
            ),
            queryset=lambda user: QuizAttempt.objects.filter(enrolment__user=user).order_by(
                "last_attempted_at", "pk"
            ),
            labels={"enrolment__course__title": COURSE, "lesson__title": LESSON},
        )
    )  # fmt: skip
    register(
        Section(
            key="certificates",
            title=_("Your certificates"),
            model=Certificate,
            fields=(
                "id", "code", "course_title", "learner_name", "organisation_name", "hours", "completed_on",
                "language", "issued_at", "emailed_at",
            ),
            queryset=lambda user: Certificate.objects.filter(user=user).order_by("issued_at", "pk"),
        )
    )  # fmt: skip
    register(
        Section(
            key="licence_acceptances",
            title=_("Licence terms you accepted"),
            model=LicenceAcceptance,
            fields=("id", "page__title", "licence__name", "language", "accepted_at"),
            queryset=lambda user: LicenceAcceptance.objects.filter(user=user).order_by("accepted_at", "pk"),
            labels={"page__title": ITEM, "licence__name": _("licence")},
        )
    )
    register(
        Section(
            key="entitlements",
            title=_("Items granted to you or bought"),
            model=Entitlement,
            fields=("id", "page__title", "source", "reference", "created_at", "revoked_at"),
            queryset=lambda user: Entitlement.objects.filter(user=user).order_by("created_at", "pk"),
            labels={"page__title": ITEM},
        )
    )
    register(
        Section(
            key="downloads",
            title=_("Your downloads"),
            model=DownloadEvent,
            fields=(
                "id",
                "material__title",
                "file__title",
                "audience",
                "organisation__name",
                "country",
                "created_at",
            ),
            queryset=lambda user: DownloadEvent.objects.filter(user=user).order_by("created_at", "pk"),
            labels={
                "material__title": _("material"),
                "file__title": _("file"),
                "organisation__name": _("organisation"),
                "created_at": _("downloaded on"),
            },
        )
    )
    register(
        Section(
            key="assigned_courses",
            title=_("Courses assigned to you"),
            model=Assignment,
            fields=("id", "course__title", "organisation__name", "for_everyone", "due_on", "assigned_at"),
            queryset=lambda user: assigned_to(user).order_by("assigned_at", "pk"),
            labels={"course__title": COURSE, "organisation__name": _("organisation")},
        )
    )
    register(
        Section(
            key="reminders_sent",
            title=_("Reminders sent to you"),
            model=ReminderSent,
            fields=("id", "assignment__course__title", "kind", "occasion", "sent_at"),
            queryset=lambda user: ReminderSent.objects.filter(user=user).order_by("sent_at", "pk"),
            labels={"assignment__course__title": COURSE},
        )
    )
    register(
        Section(
            key="learner_actions",
            title=_("What your devices sent (lessons done and quizzes answered, also offline)"),
            model=LearnerAction,
            fields=(
                "key",
                "kind",
                "lesson__title",
                "block_id",
                "happened_at",
                "received_at",
                "outcome",
                "score",
            ),
            queryset=lambda user: LearnerAction.objects.filter(user=user).order_by("received_at", "pk"),
            labels={"lesson__title": LESSON},
        )
    )
