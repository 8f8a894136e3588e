"""The benchmark's endpoints, and what is done inside Django: `python -m bench.pages` (run by bench/run.py
with the site's environment) readies the site for a run, finds each endpoint's address in the database and
counts its queries, then prints JSON.

Readying the site (safe to repeat on a reused site): the demo member must be a verified, active member; the
demo cooperative gets 2,000 members (written once, in bulk), each enrolled in three courses, one of them
completed with its certificate, for its manager's learning page;
one public PDF material is made unlicensed (as an item of a site built before licences existed), so that
its download is the plain case (a signed address, no licensed copy); the downloads logged by earlier runs
are deleted; and the page cache starts a new generation, so no page stored by an earlier run is served.
"""

import json
import sys
import time
from dataclasses import dataclass

ANONYMOUS, MEMBER, MANAGER, SAVING_DATA = "anonymous", "member", "manager", "saving data"
# A visitor who chose to save data (portal/save_data.py): the page cache keeps their pages apart.
SAVE_DATA_COOKIE = ("clase_save_data", "on")
MEMBER_EMAIL = "member@clase.example"  # made by load_demo (courses/demo/content.py), with DEMO_PASSWORD
MANAGER_EMAIL = "manager@clase.example"  # the demo cooperative's manager, made by load_demo too
ORGANISATION_MEMBERS = 2000  # the demo cooperative's members during a run: the large organisation
PLAIN = "/bench/ok/"
BARE = "/"
SEARCH = "/es/search/?q=cooperativa"
LOGIN = "/es/accounts/login/"


@dataclass(frozen=True)
class Endpoint:
    name: str
    who: str = ANONYMOUS
    targets: tuple[str, ...] = ()  # keys of run.TARGETS
    status: int = 200  # 302 for downloads: a redirect to a signed address, never followed
    server: str = "portal"  # or "bare"


# In the order measured.
ENDPOINTS = (
    Endpoint("plain"),
    Endpoint("bare Wagtail home", server="bare"),
    Endpoint("home", targets=("cached",)),
    Endpoint("course catalogue", targets=("cached", "listing")),
    Endpoint("course", targets=("cached",)),
    Endpoint("lesson", targets=("cached",)),  # the demo's first public lesson: a video and a recording
    Endpoint("lesson, saving data", SAVING_DATA, ("cached",)),  # its small rendition only
    Endpoint("material", targets=("cached",)),
    Endpoint("material library", targets=("cached", "listing")),
    Endpoint("search", targets=("cached", "listing")),
    Endpoint("member: home", MEMBER, ("member page",)),  # "Continue learning" and the cards' progress
    Endpoint("member: course", MEMBER, ("member page",)),
    Endpoint("member: lesson", MEMBER, ("member page",)),
    Endpoint("member: lesson with video", MEMBER, ("member page",)),  # rendition, captions, sizes
    Endpoint("member: material", MEMBER, ("member page",)),
    Endpoint("member: course catalogue", MEMBER, ("listing",)),
    Endpoint("member: material library", MEMBER, ("listing",)),
    Endpoint("member: search", MEMBER, ("listing",)),
    # The organisation's learning, its first page of 25 of 2,000 members, as its manager reads it.
    Endpoint("manager: organisation learning", MANAGER, ("manager page",)),
    Endpoint("download (S3)", targets=("download",), status=302),
    Endpoint("download, stamped PDF (S3)", status=302),
    # The video of the member's lesson with video: after the policy, a redirect to a signed S3 address.
    Endpoint("member: lesson video (S3)", MEMBER, ("download",), status=302),
)


# --- inside Django ----------------------------------------------------------------------------------------


def ready_site():
    """Make the run's preconditions true (see the module's docstring); return the member and the two files."""
    from allauth.account.models import EmailAddress

    from courses.access import policy as access
    from courses.models import AccessLevel, DownloadEvent, MaterialFile
    from portal.models import User
    from portal.speed import page_cache

    member = User.objects.filter(email=MEMBER_EMAIL).first()
    if member is None:
        raise SystemExit(f"bench: no user {MEMBER_EMAIL} (did load_demo run?)")
    viewer = access.viewer_for(member)
    if not (viewer.is_verified and viewer.is_member):
        verified = EmailAddress.objects.filter(user=member, verified=True).exists()
        raise SystemExit(f"bench: {MEMBER_EMAIL} must be an active member (verified e-mail: {verified})")

    public_pdfs = (
        MaterialFile.objects.filter(
            page__live=True,
            page__locale__language_code="es",
            page__access_level=AccessLevel.PUBLIC,
            file__endswith=".pdf",
        )
        .select_related("page", "page__licence")
        .order_by("page__path", "sort_order")
    )
    unlicensed = public_pdfs.filter(page__licence__isnull=True).first()
    if unlicensed is None:
        generated = public_pdfs.filter(page__slug__regex=r"-gen[0-9]{5,}$").first() or public_pdfs.last()
        type(generated.page).objects.filter(pk=generated.page_id).update(licence=None)
        unlicensed = generated
    licensed = next(
        (
            material_file
            for material_file in public_pdfs.filter(page__licence__isnull=False)
            if not material_file.page.licence.acceptance_required  # a visitor cannot accept terms
        ),
        None,
    )
    if licensed is None:
        raise SystemExit("bench: no licensed public PDF without terms to accept (did load_demo run?)")
    DownloadEvent.objects.all().delete()
    page_cache.new_generation()
    return member, unlicensed, licensed


def ready_organisation():
    """The demo manager and their cooperative, grown to ORGANISATION_MEMBERS members (once; kept after)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from courses.learning.certificates import code_digest, new_code
    from courses.models import Certificate, CoursePage, Enrolment, LessonCompletion
    from portal.models import Membership, User

    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    if manager is None:
        raise SystemExit(f"bench: no user {MANAGER_EMAIL} (did load_demo run?)")
    organisation = manager.memberships.get(manages=True).organisation
    have = Membership.objects.filter(organisation=organisation).count()
    if have >= ORGANISATION_MEMBERS:
        return manager, organisation
    started, moment = time.time(), timezone.now()
    courses = list(CoursePage.objects.live().order_by("path")[:10])
    first_lessons = {course.pk: course.lessons().order_by("path").first() for course in courses}
    no_password = make_password(None)  # they never sign in
    users = User.objects.bulk_create(
        User(
            email=f"bench-member-{number:04d}@clase.example",
            full_name=f"Socio {number:04d}",
            password=no_password,
        )
        for number in range(have, ORGANISATION_MEMBERS)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, verified=True) for user in users
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            course=courses[(index + offset) % len(courses)],
            enrolled_at=moment,
            completed_at=moment if offset == 0 else None,
        )
        for index, user in enumerate(users)
        for offset in range(3)
    )
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=first_lessons[enrolment.course_id])
        for enrolment in enrolments
        if first_lessons[enrolment.course_id] is not None
    )
    codes = [new_code() for _ in enrolments[::3]]
    Certificate.objects.bulk_create(
        Certificate(
            code=code,
            code_digest=code_digest(code),
            user_id=enrolment.user_id,
            course_id=enrolment.course_id,
            language="es",
            learner_name=f"Socio {enrolment.user_id}",
            course_title="Curso",
            hours=4,
            completed_on=timezone.localdate(),
        )
        for code, enrolment in zip(codes, enrolments[::3], strict=True)
    )
    seconds = time.time() - started
    print(f"bench: {len(users)} members added to {organisation} in {seconds:.1f} s", file=sys.stderr)
    return manager, organisation


def discover_paths(unlicensed, licensed, organisation):
    """{endpoint name: path} of the Spanish pages, found in the database."""
    from django.urls import reverse
    from django.utils import translation

    from courses import models
    from courses.catalogue import media_addresses

    def first(model, **filters):
        page = model.objects.live().filter(**filters).order_by("path").first()
        if page is None:
            raise SystemExit(f"bench: no live {model.__name__} {filters} (did load_demo run?)")
        return page

    def lesson_of(course):
        return first(models.LessonPage, path__startswith=course.path, depth=course.depth + 1)

    spanish = {"locale__language_code": "es"}
    public = {**spanish, "access_level": models.AccessLevel.PUBLIC}
    members = {**spanish, "access_level": models.AccessLevel.MEMBERS}
    course, members_course = first(models.CoursePage, **public), first(models.CoursePage, **members)
    catalogue, library = first(models.CourseIndexPage, **spanish), first(models.MaterialIndexPage, **spanish)
    pages = {
        "home": first(models.HomePage, **spanish),
        "course catalogue": catalogue,
        "course": course,
        "lesson": lesson_of(course),
        "lesson, saving data": lesson_of(course),
        "member: lesson with video": lesson_of(course),
        "material": first(models.MaterialPage, **public),
        "material library": library,
        "member: home": first(models.HomePage, **spanish),
        "member: course": members_course,
        "member: lesson": lesson_of(members_course),
        "member: material": first(models.MaterialPage, **members),
        "member: course catalogue": catalogue,
        "member: material library": library,
    }
    paths = {name: page.get_url_parts()[2] for name, page in pages.items()}
    with translation.override("es"):
        downloads = {
            "download (S3)": reverse("courses:download", kwargs={"file_id": unlicensed.pk}),
            "download, stamped PDF (S3)": reverse("courses:download", kwargs={"file_id": licensed.pk}),
        }
        learning = reverse("courses:organisation_learning", args=[organisation.pk])
    video_lesson = pages["member: lesson with video"]
    played = [block["value"]["video"] for block in video_lesson.body.raw_data if block["type"] == "video"]
    if not played:
        raise SystemExit("bench: the demo's first public lesson plays no video (did load_demo run?)")
    video = media_addresses.address(video_lesson.pk, played[0])
    return {
        "plain": PLAIN,
        "bare Wagtail home": BARE,
        **paths,
        "search": SEARCH,
        "member: search": SEARCH,
        **downloads,
        "manager: organisation learning": learning,
        "member: lesson video (S3)": video,
    }


def inspect():
    """Ready the site, find the paths, and count the queries of a cold and a warm render of each page by
    its visitor (anonymous or the signed-in member), with django.test.Client."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    member, unlicensed, licensed = ready_site()
    manager, organisation = ready_organisation()
    paths = discover_paths(unlicensed, licensed, organisation)
    clients = {
        ANONYMOUS: Client(HTTP_HOST="127.0.0.1", raise_request_exception=False),
        MEMBER: Client(HTTP_HOST="127.0.0.1", raise_request_exception=False),
        MANAGER: Client(HTTP_HOST="127.0.0.1", raise_request_exception=False),
        SAVING_DATA: Client(HTTP_HOST="127.0.0.1", raise_request_exception=False),
    }
    clients[MEMBER].force_login(member)
    clients[MANAGER].force_login(manager)
    clients[SAVING_DATA].cookies[SAVE_DATA_COOKIE[0]] = SAVE_DATA_COOKIE[1]
    pages = {}
    for endpoint in ENDPOINTS:
        path = paths[endpoint.name]
        if endpoint.server != "portal":
            pages[endpoint.name] = {"path": path, "status": None, "queries": None}
            continue
        client = clients[endpoint.who]
        _, cold_queries, _, _ = render(client, path, connection, CaptureQueriesContext)
        status, queries, seconds, location = render(client, path, connection, CaptureQueriesContext)
        pages[endpoint.name] = {
            "path": path,
            "status": status,
            "queries": queries,
            "queries_cold": cold_queries,
            "solo_ms": round(seconds * 1000, 1),
            **({"location": location} if location else {}),
        }
    from courses.demo.content import DEMO_PASSWORD

    accounts = {
        MEMBER: {"email": member.email, "password": DEMO_PASSWORD},
        MANAGER: {"email": manager.email, "password": DEMO_PASSWORD},
    }
    print(json.dumps({"member": accounts[MEMBER], "accounts": accounts, "pages": pages}))


def render(client, path, connection, capture):
    """Render `path` once; return its status, number of queries, duration and Location (of a redirect)."""
    with capture(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - started
    return response.status_code, len(queries), seconds, response.get("Location", "")


if __name__ == "__main__":
    inspect()
