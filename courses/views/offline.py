"""What the service worker and the pages' script ask of the server for learning without a connection
(docs/reach.md): a course's manifest for this reader, the actions done offline (received once each), and
which saved copies the reader may still open. JSON in and out, in the reader's language; never cached."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from ..access import delivery, keeping
from ..access import policy as access
from ..catalogue import offline
from ..learning import sent_later
from ..licensing.models import with_licensing
from ..models import CoursePage, LessonPage, MaterialPage
from .materials import RETRY_AFTER_SECONDS

MOST_ASKED = 500  # saved pages named in one check


def _refusal(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _signed_in(view):
    """JSON endpoints answer a visitor with 401 and a sentence, not with the log-in page."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _refusal(_("Log in to keep courses on this device."), 401)
        return view(request, *args, **kwargs)

    wrapper.__name__, wrapper.__doc__ = view.__name__, view.__doc__
    return wrapper


@never_cache
@require_GET
@_signed_in
def course_manifest(request, course_id: int):
    """What saving this course stores for this reader, with the size of each address
    (courses/catalogue/offline.py); only for a course the policy lets them open."""
    course = get_object_or_404(with_licensing(CoursePage.objects.live()), pk=course_id)
    decision = access.decide(request, course)
    if not decision.allowed:
        return _refusal(decision.message, 403)
    try:
        manifest = offline.course_manifest(request, course)
    except delivery.FilesUnavailable:
        response = _refusal(_("Files are unavailable for a moment. Please try again in a minute."), 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse(manifest.as_json())


def _ids(request, name: str) -> list[int]:
    values = request.GET.get(name, "").split(",")
    return [int(value) for value in values if value.isdigit()][:MOST_ASKED]


@never_cache
@require_GET
def check(request):
    """Which of the pages a device keeps its reader may no longer open, and why (courses/access/keeping.py);
    asked once at each reconnection. Also the form token the worker sends the actions with. A visitor gets
    `user: null`: a device removes nothing on behalf of someone signed out."""
    if not request.user.is_authenticated:
        return JsonResponse({"user": None})
    courses, lessons, materials = (
        _ids(request, "courses"),
        _ids(request, "lessons"),
        _ids(request, "materials"),
    )
    live_courses = {
        page.pk: page for page in with_licensing(CoursePage.objects.live()).filter(pk__in=courses)
    }
    live_materials = {
        page.pk: page for page in with_licensing(MaterialPage.objects.live()).filter(pk__in=materials)
    }
    live_lessons = set(LessonPage.objects.live().filter(pk__in=lessons).values_list("pk", flat=True))
    unpublished = [pk for pk in lessons if pk not in live_lessons]
    items = {pk: live_courses.get(pk) for pk in courses} | {pk: live_materials.get(pk) for pk in materials}
    missing = [pk for pk, item in items.items() if item is None] + unpublished
    titles = dict(Page.objects.filter(pk__in=missing).values_list("pk", "title")) if missing else {}
    gone = keeping.removals(request.user, items=items, titles=titles, unpublished=unpublished)
    return JsonResponse(
        {
            "user": request.user.pk,
            "token": get_token(request),
            "gone": {
                str(pk): {"reason": removal.reason.value, "message": removal.message}
                for pk, removal in gone.items()
            },
        }
    )


@never_cache
@require_POST
@_signed_in
def actions(request):
    """Lessons marked done and quizzes answered without a connection, each received once by its key and
    resolved with what happened online in the meantime (courses/learning/sent_later.py), in the order they
    happened."""
    try:
        sent_items = json.loads(request.body)["actions"]
        if not isinstance(sent_items, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return _refusal(_("What this device sent could not be read."), 400)
    if len(sent_items) > sent_later.MOST_PER_REQUEST:
        return _refusal(_("Too many actions at once: send them in smaller groups."), 400)
    results, readable = [], []
    for item in sent_items:
        try:
            readable.append(sent_later.read(item))
        except sent_later.Unreadable:
            key = str(item.get("key", "")) if isinstance(item, dict) else ""
            results.append(
                {
                    "key": key,
                    "outcome": "unreadable",
                    "counted": False,
                    "message": _("An action could not be read."),
                }
            )
    # Live or not: a lesson unpublished meanwhile is named in the answer (sent_later decides what it does).
    lessons = LessonPage.objects.filter(pk__in=[sent.lesson_id for sent in readable])
    lessons = {lesson.pk: lesson for lesson in lessons}
    now = timezone.now()
    for sent in sorted(readable, key=lambda sent: sent.happened_at):
        received = sent_later.receive(
            user=request.user, sent=sent, lesson=lessons.get(sent.lesson_id), now=now
        )
        results.append(asdict(received))
    return JsonResponse({"results": results})
