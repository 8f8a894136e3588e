"""Learners' views: enrol, mark a lesson done, answer a quiz, claim and download a certificate, "My
learning", and the public verification of certificates.

Every action is a POST with the CSRF token, signed in, on the learner's own progress only (the user is
always `request.user`; no address names another learner), and answers with a redirect (POST/redirect/GET),
so everything works without JavaScript. The rules themselves live in courses/learning/ (what a learner does:
services.py).
"""

from __future__ import annotations

import uuid

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..learning import certificate_pdf, certificates, quizzes
from ..learning import progress as learning_progress
from ..learning import services as learning
from ..licensing.models import with_licensing
from ..models import CoursePage, LessonPage

# Wrong codes one address may try on the verification page before waiting (80-bit codes cannot be
# guessed anyway; this keeps the page from being used as an oracle at scale).
LOOKUP_FAILURES_ALLOWED = 30
LOOKUP_WINDOW_SECONDS = 10 * 60


def _course(course_id: int) -> CoursePage:
    return get_object_or_404(with_licensing(CoursePage.objects.live()), pk=course_id)


def _lesson(lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live(), pk=lesson_id)


def _refused(request, course: CoursePage, refusal: learning.NotAllowed):
    """Back to the course page, which shows the policy's next step (the lock notice)."""
    messages.warning(request, refusal.decision.message)
    return redirect(course.get_url(request))


def _action_key(request) -> uuid.UUID | None:
    """The key a form carries when its page's script added one (static/js/offline.js): an action sent again,
    by a retry or later from the device, then counts once. Forms sent without scripts carry none."""
    try:
        return uuid.UUID(request.POST.get("action_key", ""))
    except ValueError:
        return None


def _already_received(request, lesson: LessonPage):
    messages.info(request, _("This was already received: it counts once."))
    return redirect(lesson.get_url(request))


def _announce(request, outcome: learning.Outcome) -> None:
    if outcome.certificate is not None and outcome.newly_completed:
        messages.success(
            request,
            _(
                "Congratulations, you have completed the course! Your certificate is ready: download it "
                "below. We have also sent it to you by e-mail."
            ),
        )
    elif outcome.progress.is_complete and outcome.certificate is None:
        messages.warning(
            request,
            _(
                "You have completed the course. Add your full name in your account: "
                "it goes on the certificate."
            ),
        )


@never_cache
@login_required
@require_POST
def enrol(request, course_id: int):
    course = _course(course_id)
    try:
        learning.enrol(user=request.user, course=course)
    except learning.NotAllowed as refusal:
        return _refused(request, course, refusal)
    state = learning_progress.learner_state(request.user, course)
    messages.success(request, _("You are enrolled in this course."))
    first = state.resume
    return redirect(first.get_url(request) if first is not None else course.get_url(request))


@never_cache
@login_required
@require_POST
def lesson_done(request, lesson_id: int):
    lesson = _lesson(lesson_id)
    course = lesson.gated_item
    try:
        outcome = learning.lesson_complete(user=request.user, lesson=lesson, key=_action_key(request))
    except learning.NotAllowed as refusal:
        return _refused(request, course, refusal)
    except learning.AlreadyReceived:
        return _already_received(request, lesson)
    if outcome.progress.is_complete:
        _announce(request, outcome)
        return redirect(course.get_url(request) + "#progress")
    messages.success(request, _("Lesson marked as done."))
    outline = outcome.outline
    position = outline.position_of(lesson.pk)
    following = (
        outline.lessons[position] if position is not None and position < len(outline.lessons) else None
    )
    target = following or learning_progress.resume_lesson(outline, outcome.progress)
    return redirect(target.get_url(request) if target is not None else course.get_url(request))


@never_cache
@login_required
@require_POST
def quiz_submit(request, lesson_id: int, block_id: str):
    lesson = _lesson(lesson_id)
    course = lesson.gated_item
    quiz = learning.quiz_of(lesson, block_id)
    if quiz is None:
        raise Http404
    back_to_quiz = redirect(f"{lesson.get_url(request)}#quiz-{block_id}")
    answers = quizzes.answers_from(request.POST, quiz)
    try:
        result, outcome = learning.quiz_submit(
            user=request.user,
            lesson=lesson,
            block_id=block_id,
            answers=answers,
            version=request.POST.get("quiz_version", ""),
            key=_action_key(request),
        )
    except learning.NotAllowed as refusal:
        return _refused(request, course, refusal)
    except learning.AlreadyReceived:
        return _already_received(request, lesson)
    except quizzes.QuizRefused as refusal:
        if refusal.reason == "unanswered":
            # Shown in the quiz itself, with what was answered still checked (courses/templatetags).
            quizzes.keep_draft(request.session, block_id, answers)
        else:
            messages.warning(request, refusal.message)
        return back_to_quiz
    values = {"correct": result.correct, "total": result.total, "score": result.score}
    if result.passed:
        messages.success(request, _("Passed: %(correct)s of %(total)s right (%(score)s%%).") % values)
    else:
        standing = quizzes.standing_of(quizzes.rules_of(quiz), outcome.attempt, timezone.now())
        summary = _("Not passed yet: %(correct)s of %(total)s right (%(score)s%%).") % values
        messages.warning(request, f"{summary} {quizzes.next_step_text(standing)}".strip())
    _announce(request, outcome)
    if outcome.newly_completed:  # the last thing to do: on to the course page and its certificate
        return redirect(course.get_url(request) + "#progress")
    return back_to_quiz


@never_cache
@login_required
@require_POST
def course_complete(request, course_id: int):
    course = _course(course_id)
    try:
        outcome = learning.course_complete(user=request.user, course=course)
    except learning.NotAllowed as refusal:
        return _refused(request, course, refusal)
    if not outcome.progress.is_complete:
        messages.warning(request, _("Some lessons or quizzes are still to do."))
    elif outcome.certificate is not None:
        messages.success(request, _("Your certificate is ready."))
    else:
        _announce(request, outcome)
    return redirect(course.get_url(request) + "#progress")


@never_cache
@login_required
@require_GET
def my_learning(request):
    board = learning_progress.dashboard(request.user)
    context = {
        "page_title": _("My learning"),
        "dashboard": board,
        "needs_name": not certificates.learner_name(request.user),
    }
    return render(request, "courses/learning/my_learning.html", context)


@never_cache
@login_required
@require_GET
def certificate_download(request, code: str):
    """The learner's own certificate as a PDF; anybody else's code is "not found"."""
    certificate = certificates.certificate_lookup(code)
    if certificate is None or certificate.user_id != request.user.pk:
        raise Http404
    response = HttpResponse(certificate_pdf.render_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_pdf.filename(certificate)}"'
    return response


def _client_key(request) -> str:
    return f"courses:certificate-lookups:{get_adapter().get_client_ip(request)}"


@never_cache
@require_GET
def certificate_search(request):
    """The form to type a code (a GET form: looking up changes nothing); on to the code's address."""
    typed = request.GET.get("code", "").strip()
    if typed:
        normalised = certificates.normalise_code(typed)
        if normalised:
            return redirect("courses:certificate_verify", code=normalised)
    return render(
        request,
        "courses/learning/certificate_verify.html",
        {"page_title": _("Check a certificate"), "searched": False, "typed": typed},
    )


@never_cache
@require_GET
def certificate_verify(request, code: str):
    """Public: what the certificate states, for a valid code; a plain "not found" otherwise. Opened from a
    training record's QR code (`?org=`, a signed token), it also says that the holder is a member of that
    organisation, when they are today (courses/learning/certificates.py, `holder_organisation`)."""
    key = _client_key(request)
    if cache.get(key, 0) >= LOOKUP_FAILURES_ALLOWED:
        response = render(
            request,
            "courses/learning/certificate_verify.html",
            {"page_title": _("Check a certificate"), "searched": True, "throttled": True, "typed": code},
            status=429,
        )
        response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)
        return response
    certificate = certificates.certificate_lookup(code)
    if certificate is None:
        cache.add(key, 0, LOOKUP_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, LOOKUP_WINDOW_SECONDS)
    context = {
        "page_title": _("Check a certificate"),
        "searched": True,
        "typed": code,
        "certificate": certificate,
        "search_url": reverse("courses:certificate_search"),
        # Opened from an organisation's training record: the organisation, if the holder is a member of it.
        "member_of": (
            certificates.holder_organisation(
                certificate, request.GET.get(certificates.ORGANISATION_PARAMETER)
            )
            if certificate is not None and certificates.ORGANISATION_PARAMETER in request.GET
            else None
        ),
        "today": timezone.localdate(),
    }
    response = render(
        request, "courses/learning/certificate_verify.html", context, status=200 if certificate else 404
    )
    # The address holds the code: never send it on to the sites the page links to.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
