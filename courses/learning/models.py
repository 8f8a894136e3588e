"""What learners do in a course: enrol, finish lessons, answer quizzes, and earn a certificate; and the
courses an organisation assigns to its members, with the reminders sent about them.

Progress is tied to lesson pages (their ids) and to quiz blocks (their StreamField block ids, which stay
the same from one revision to the next), never to revisions: editing a published course keeps everyone's
progress. Which lessons and quizzes count is read from the course as it is now (courses/learning/progress.py),
so a lesson that is deleted or unpublished simply stops counting.

Written only through courses/learning/services.py (a learner's progress),
courses/learning/assignment_services.py (assigned courses) and courses/learning/reminders.py (reminders).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course")
    )
    enrolled_at = models.DateTimeField(_("enrolled on"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-last_activity_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]
        indexes = [models.Index(fields=["course", "last_activity_at"], name="enrolment_course_activity")]
        permissions = [("view_learning_statistics", _("Can view learning statistics"))]

    def __str__(self):
        return f"{self.user} · {self.course}"


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed on"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson done")
        verbose_name_plural = _("lessons done")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_completion_per_lesson")
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.lesson_id}"


class QuizAttempt(models.Model):
    """A learner's attempts at one quiz block: how many, the best score kept, the last answers (for the
    feedback shown after submitting). Passed once, passed for good."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson")
    )
    block_id = models.CharField(_("quiz block"), max_length=64)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    best_score = models.PositiveSmallIntegerField(_("best score (%)"), default=0)
    last_score = models.PositiveSmallIntegerField(_("last score (%)"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    last_answers = models.JSONField(_("last answers"), default=dict, blank=True)
    last_attempted_at = models.DateTimeField(_("last attempt"), default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempts")
        verbose_name_plural = _("quiz attempts")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "block_id"], name="one_attempt_record_per_quiz")
        ]

    def __str__(self):
        return f"{self.enrolment} · {self.block_id}: {self.best_score}%"


class Certificate(models.Model):
    """A course completed, as the certificate states it: the facts are copied when it is issued, so the
    certificate and its public verification page say the same thing for good, whatever changes later.

    Found by its code's digest, never by a sequential id (see courses/learning/certificates.py,
    `certificate_lookup`).
    """

    code = models.CharField(_("code"), max_length=32, unique=True, editable=False)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    # Empty once the learner erased their account (portal/privacy/erasure.py): the certificate stays
    # verifiable, "issued on a date for a course", and counts in the reports.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("course"),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    learner_name = models.CharField(_("learner's name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    completed_on = models.DateField(_("completed on"))
    contributors = models.CharField(_("contributors"), max_length=1000, blank=True)
    licence_name = models.CharField(_("licence"), max_length=255, blank=True)
    licence_url = models.URLField(_("address of the licence text"), blank=True)
    attribution = models.CharField(_("attribution"), max_length=1000, blank=True)
    issued_at = models.DateTimeField(_("issued on"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")]

    def __str__(self):
        return f"{self.learner_name} · {self.course_title} · {self.display_code}"

    @property
    def display_code(self) -> str:
        """The code in groups of four, as printed and typed: ABCD-EFGH-JKLM-NPQR."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def hours_number(self) -> int | float:
        return int(self.hours) if self.hours == int(self.hours) else float(self.hours)


class Assignment(models.Model):
    """A course an organisation's manager asks its members to take, by an optional due date: all its
    members (those who join later too) or the members chosen.

    Assigning enrols nobody: an enrolment says the learner started, and the organisation's figures
    (assigned, enrolled, completed) would say nothing if assigning filled them in. The member enrols by
    opening the course from "My learning". Who it covers is read at every use
    (courses/learning/assignments.py): a member whose membership ends is no longer covered, nor reminded.
    """

    organisation = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.CASCADE,
        related_name="course_assignments",
        verbose_name=_("organisation"),
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("course")
    )
    for_everyone = models.BooleanField(_("all members"), default=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned on"), default=timezone.now)

    class Meta:
        verbose_name = _("assigned course")
        verbose_name_plural = _("assigned courses")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "course"], name="one_assignment_per_course")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.course}"


class AssignedMember(models.Model):
    """A member an assignment was given to, when it is not for all members."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="chosen", verbose_name=_("assigned course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_assignments",
        verbose_name=_("member"),
    )
    assigned_at = models.DateTimeField(_("assigned on"), default=timezone.now)

    class Meta:
        verbose_name = _("assigned member")
        verbose_name_plural = _("assigned members")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user"], name="one_assignment_per_member")
        ]

    def __str__(self):
        return f"{self.assignment} · {self.user}"


class ReminderSent(models.Model):
    """A reminder e-mailed about an assigned course, kept so that it is sent once: a week before a due
    date (the date is the occasion: a new due date may be reminded of once more), or when the learner
    stopped (the day of their last progress is the occasion: each stall is reminded of once)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due date in a week")
        STALLED = "stalled", _("not continued for two weeks")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("assigned course")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    kind = models.CharField(_("reminder"), max_length=20, choices=Kind.choices)
    occasion = models.DateField(_("occasion"))
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "kind", "occasion"], name="one_reminder_per_occasion"
            )
        ]

    def __str__(self):
        return f"{self.assignment} · {self.user} · {self.kind} {self.occasion}"


class LearnerAction(models.Model):
    """An action a learner sent with a key of its own: a lesson marked done or a quiz answered, on the page
    (the form carries a key) or later, from a device that was offline (courses/learning/sent_later.py).

    The key is unique: an action sent again (a retry after an answer lost on a weak connection, a queue sent
    twice) is found here and changes nothing more; what it did is kept (`outcome`), with when it happened on
    the device and when it arrived."""

    class Kind(models.TextChoices):
        LESSON_DONE = "lesson_done", _("Lesson marked as done")
        QUIZ = "quiz", _("Quiz answered")

    class Outcome(models.TextChoices):
        COUNTED = "counted", _("Counted")
        ALREADY = "already", _("Already counted before")
        LESSON_GONE = "lesson_gone", _("The lesson is no longer in the course")
        QUIZ_GONE = "quiz_gone", _("The quiz is no longer in the lesson")
        QUIZ_CHANGED = "quiz_changed", _("The quiz changed after it was answered")
        NOT_ALLOWED = "not_allowed", _("The learner may no longer open the course")
        REFUSED = "refused", _("Not allowed by the quiz's rules")

    key = models.UUIDField(_("key"), unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_actions",
        verbose_name=_("learner"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lesson"),
    )
    block_id = models.CharField(_("quiz block"), max_length=64, blank=True)
    happened_at = models.DateTimeField(_("happened on"))
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("learner's action")
        verbose_name_plural = _("learners' actions")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.get_outcome_display()}"

    @property
    def counted(self) -> bool:
        return self.outcome in (self.Outcome.COUNTED, self.Outcome.ALREADY)


class TrainingRecordFile(models.Model):
    """A training record too large to draw while its manager waits: drawn in the background
    (courses/learning/record_files.py), then downloaded by whoever asked for it, and only them, until it
    expires (its PDF names every member: it is not kept longer than that)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("a training record", "Waiting to start")
        RUNNING = "running", pgettext_lazy("a training record", "Being prepared")
        READY = "ready", pgettext_lazy("a training record", "Ready")
        FAILED = "failed", pgettext_lazy("a training record", "Failed")

    organisation = models.ForeignKey(
        "portal.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(default=b"", editable=False)

    class Meta:
        verbose_name = _("training record file")
        verbose_name_plural = _("training record files")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} · {self.start} – {self.end}"
