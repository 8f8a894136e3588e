"""Everything a reader meets in one language, read on the demo site (`manage.py load_demo`): every public
page, every page of each role signed in (member, external, applicant, authorised buyer, editor,
coordinator), the admin screens editors and coordinators use, every e-mail the portal sends (through its
own e-mail functions and tasks, and allauth's and Wagtail's), the PDFs (certificate, stamped licence
notice, receipt) and the error pages. Each is named for the report, and kept as the words a reader sees."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from courses.learning import services as learning
from courses.learning.certificate_pdf import render_pdf as certificate_pdf
from courses.learning.models import Certificate
from courses.learning.tasks import email_certificate
from courses.models import AccessLevel, CoursePage, LessonPage, MaterialFile, MaterialPage
from payments import emails as payment_emails
from payments import receipt_pdf
from payments.fulfilment import fulfil
from payments.models import Dispute, Order, Refund
from portal import services as portal_services
from portal.models import AccessRequest, User
from portal.tasks import email_decision, email_request_received

from ..payments.helpers import open_order, session_for
from .reading import pdf_text, plain_text, visible_text

PASSWORD = "Vo1ce-Check-2026"


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return visible_text(content.decode())


class Tour:
    """What a reader sees in `language`: `seen` maps a name ("member · page /es/cursos/…") to its words."""

    def __init__(self, language: str):
        self.language = language
        self.seen: dict[str, str] = {}
        self.users = {user.email.split("@")[0]: user for user in User.objects.all()}
        for user in self.users.values():  # everyone reads the portal, the admin and e-mails in this language
            user.language = language
            user.save(update_fields=["language"])

    # --- helpers ------------------------------------------------------------------------------------------

    def client(self, role: str | None) -> Client:
        client = Client()
        if role is not None:
            client.force_login(self.users[role])
        return client

    def read(self, role: str | None, client: Client, path: str, name: str = "") -> None:
        response = client.get(path, follow=True)
        where = name or path
        if response.redirect_chain:
            where += f" (→ {response.redirect_chain[-1][0]})"
        self.seen[f"{role or 'visitor'} · {where}"] = _text(response)

    def read_mail(self, what: str) -> None:
        """Every e-mail sent since the last call: subject, text and HTML parts."""
        for message in mail.outbox:
            parts = [message.subject, plain_text(message.body)]
            parts += [
                visible_text(content)
                for content, kind in getattr(message, "alternatives", [])
                if kind == "text/html"
            ]
            self.seen[f"e-mail · {what} · “{message.subject}” to {', '.join(message.to)}"] = " ".join(parts)
        mail.outbox.clear()

    def pages(self, model=Page):
        return [
            page.specific
            for page in model.objects.live()
            .filter(locale__language_code=self.language, depth__gt=1)
            .order_by("path")
        ]

    def first(self, model, **filters):
        return (
            model.objects.live()
            .filter(locale__language_code=self.language, **filters)
            .order_by("path")
            .first()
        )

    # --- the tour -----------------------------------------------------------------------------------------

    def everything(self) -> dict[str, str]:
        mail.outbox.clear()
        self.public_pages()
        self.account_pages()
        self.learning()
        self.purchases()
        self.authorisation()
        self.admin_screens()
        self.editorial_review()
        self.error_pages()
        return self.seen

    def public_pages(self) -> None:
        visitor = self.client(None)
        for page in self.pages():
            self.read(None, visitor, page.url)
        prefix = f"/{self.language}"
        self.read(None, visitor, f"{prefix}/search/?q=cooperativa")
        self.read(None, visitor, f"{prefix}/search/?q=zzzz")
        self.read(None, visitor, reverse("courses:certificate_search"))
        self.read(None, visitor, reverse("courses:offline"))  # shown without a connection (the web app)
        self.read(None, visitor, reverse("courses:offline_saved"))
        self.read(None, visitor, f"{prefix}/certificates/?code=ABCD-EFGH-IJKL-MNOP")
        for path in ("login/", "signup/", "password/reset/", "password/reset/done/", "confirm-email/"):
            self.read(None, visitor, f"{prefix}/accounts/{path}")
        visitor.post(f"{prefix}/accounts/login/", {"login": "nobody@clase.example", "password": "wrong"})
        self.read(
            None, visitor, f"{prefix}/accounts/password/reset/key/1-bad-token/", "password reset, a bad link"
        )
        self.read(
            None, visitor, f"{prefix}/accounts/confirm-email/bad-key/", "e-mail confirmation, a bad link"
        )
        # allauth's e-mails: a sign-up, one for an address already used, password resets (known and unknown)
        new = {
            "password1": PASSWORD,
            "password2": PASSWORD,
            "full_name": "Nueva Persona",
            "language": self.language,
        }
        visitor.post(f"{prefix}/accounts/signup/", {"email": f"new-{self.language}@coop.example", **new})
        self.client(None).post(f"{prefix}/accounts/signup/", {"email": "member@clase.example", **new})
        self.client(None).post(f"{prefix}/accounts/password/reset/", {"email": "member@clase.example"})
        self.client(None).post(f"{prefix}/accounts/password/reset/", {"email": "nobody@coop.example"})
        self.read_mail("accounts")

    def account_pages(self) -> None:
        prefix = f"/{self.language}"
        for role in ("member", "external", "applicant", "buyer", "editor", "coordinator"):
            client = self.client(role)
            for path in (
                reverse("portal:account"),
                reverse("courses:my_learning"),
                reverse("payments:purchases"),
                reverse("courses:offline_saved"),
                reverse("portal:request_authorisation"),
                reverse("portal:link_organisation"),
                f"{prefix}/accounts/email/",
                f"{prefix}/accounts/password/change/",
                f"{prefix}/accounts/logout/",
            ):
                self.read(role, client, path)
        for role in ("member", "external", "buyer"):  # every page as each reader finds it, locks and all
            client = self.client(role)
            for page in self.pages():
                self.read(role, client, page.url)

    def learning(self) -> None:
        """The member takes a course: a quiz answered wrong then right, every lesson, the certificate (its
        page, its e-mail, its PDF)."""
        member, client = self.users["member"], self.client("member")
        course = self.first(
            CoursePage, access_level__in=[AccessLevel.PUBLIC, AccessLevel.REGISTERED, AccessLevel.MEMBERS]
        )
        client.post(reverse("courses:enrol", kwargs={"course_id": course.pk}))
        lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
        for lesson in lessons:
            for block_id, answers in quiz_answers(lesson, right=False):
                client.post(
                    reverse("courses:quiz_submit", kwargs={"lesson_id": lesson.pk, "block_id": block_id}),
                    answers,
                )
                self.read("member", client, lesson.url, f"{lesson.url}, a quiz failed")
        for lesson in lessons:
            learning.lesson_complete(user=member, lesson=lesson)
            for block_id, answers in quiz_answers(lesson, right=True):
                client.post(
                    reverse("courses:quiz_submit", kwargs={"lesson_id": lesson.pk, "block_id": block_id}),
                    answers,
                )
            self.read("member", client, lesson.url, f"{lesson.url}, done")
        client.post(reverse("courses:course_complete", kwargs={"course_id": course.pk}))
        self.read("member", client, course.url, f"{course.url}, completed")
        self.read("member", client, reverse("courses:my_learning"), "my learning, a course completed")
        self.read_mail("the certificate")
        certificate = Certificate.objects.filter(user=member, course=course).first()
        if certificate is None:
            raise AssertionError(f"The demo member earned no certificate for {course.url}")
        Certificate.objects.filter(pk=certificate.pk).update(emailed_at=None)
        email_certificate.call(certificate.pk)
        self.read_mail("the certificate, sent again")
        self.seen[f"PDF · certificate {certificate.display_code}"] = pdf_text(certificate_pdf(certificate))
        self.read(
            None,
            self.client(None),
            reverse("courses:certificate_verify", kwargs={"code": certificate.display_code}),
        )
        # a file of a material under a licence: its stamped copy starts with the licence notice
        material = next(
            page
            for page in self.pages(MaterialPage)
            if page.licence_id and page.access_level == AccessLevel.PUBLIC
        )
        file = MaterialFile.objects.filter(page=material).first()
        client.post(reverse("courses:accept_terms", kwargs={"page_id": material.pk}), {"accept": "on"})
        response = client.get(reverse("courses:download", kwargs={"file_id": file.pk}))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if content.startswith(b"%PDF"):
            self.seen[f"PDF · stamped copy of {file.title}"] = pdf_text(content)
        else:
            self.seen[f"member · download {file.title}"] = visible_text(content.decode(errors="replace"))

    def purchases(self) -> None:
        """The authorised buyer buys a priced item (receipt e-mail and PDF, success and purchases pages), is
        refunded, a refund fails, the bank disputes a payment, a delayed payment never comes."""
        buyer, client = self.users["buyer"], self.client("buyer")
        priced = [page for page in self.pages(MaterialPage) if page.price]
        item = priced[0]
        self.read("buyer", client, item.url, f"{item.url}, to buy")
        order = open_order(buyer, item)
        fulfil(session=session_for(order))
        order.refresh_from_db()
        self.read_mail("a purchase")
        self.seen[f"PDF · receipt {order.reference}"] = pdf_text(receipt_pdf.render_pdf(order, self.language))
        self.read(
            "buyer",
            client,
            f"{reverse('payments:success')}?session_id={order.stripe_session_id}",
            "payment success",
        )
        self.read("buyer", client, reverse("payments:purchases"), "purchases, one paid")
        self.read("buyer", client, reverse("payments:receipt", kwargs={"reference": order.reference}))
        refund = Refund.objects.create(
            order=order, stripe_id=f"re_{self.language}_1", amount=Decimal("1.00"), status="succeeded"
        )
        payment_emails.send_refund_notice(refund)
        second = Refund.objects.create(
            order=order,
            stripe_id=f"re_{self.language}_2",
            amount=order.amount,
            status="succeeded",
            second_payment=True,
        )
        payment_emails.send_refund_notice(second)
        failed = Refund.objects.create(
            order=order,
            stripe_id=f"re_{self.language}_3",
            amount=Decimal("2.00"),
            status="failed",
            failure_reason="lost_or_stolen_card",
            failed_at=timezone.now(),
        )
        payment_emails.send_refund_failure_notices(failed)
        dispute = Dispute.objects.create(
            order=order,
            stripe_id=f"dp_{self.language}_1",
            amount=order.amount,
            reason="fraudulent",
            status="needs_response",
            evidence_due_by=timezone.now() + datetime.timedelta(days=7),
            funds_withdrawn_at=timezone.now(),
        )
        payment_emails.send_dispute_alert(dispute)
        Order.objects.filter(pk=order.pk).update(status=Order.Status.DISPUTED)
        self.read("buyer", client, reverse("payments:purchases"), "purchases, one disputed")
        self.read(
            "coordinator",
            self.client("coordinator"),
            reverse("orders:inspect", args=[order.pk]),
            "order, disputed",
        )
        late = open_order(buyer, priced[-1], delayed_payment_since=timezone.now())
        payment_emails.send_payment_failed_notice(late)
        self.read_mail("payments")

    def authorisation(self) -> None:
        """An external user asks for authorisation; the coordinator approves, rejects, revokes."""
        external, client = self.users["external"], self.client("external")
        locked = next(
            (page for page in self.pages(MaterialPage) if page.access_level == AccessLevel.AUTHORISED), None
        )
        fields = {
            "organisation": "Coop Sur",
            "country": "PE",
            "role": "Técnica",
            "purpose": "Capacitar",
            "accepted_terms": "on",
        }
        path = reverse("portal:request_authorisation") + (f"?item={locked.pk}" if locked else "")
        self.read("external", client, path, "request authorisation, from a locked item")
        client.post(path, fields)
        self.read("external", client, reverse("portal:account"), "account, request waiting")
        for request in AccessRequest.objects.filter(user=external, status=AccessRequest.Status.PENDING):
            email_request_received.call(request.pk)
        self.read(
            "coordinator", self.client("coordinator"), reverse("access_requests:list"), "requests, waiting"
        )
        coordinator = self.users["coordinator"]
        first, second = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).order_by("pk")[:2]
        portal_services.access_request_approve(
            access_request=first,
            by=coordinator,
            expires_at=timezone.localdate() + datetime.timedelta(days=90),
        )
        email_decision.call(first.pk)
        portal_services.authorisation_revoke(access_request=first, by=coordinator, reason="Fin del proyecto")
        email_decision.call(first.pk)
        portal_services.access_request_reject(access_request=second, by=coordinator, reason="Faltan datos")
        email_decision.call(second.pk)
        self.read("external", client, reverse("portal:account"), "account, after the decisions")
        self.read_mail("authorisation")

    def admin_screens(self) -> None:
        home = self.first(Page, depth=2)
        course = self.first(CoursePage)
        lesson = self.first(LessonPage)
        material = self.first(MaterialPage)
        order = Order.objects.order_by("pk").first()
        request = AccessRequest.objects.order_by("pk").first()
        for role in ("editor", "coordinator"):
            client = self.client(role)
            paths = [
                reverse("wagtailadmin_home"),
                reverse("wagtailadmin_explore_root"),
                reverse("wagtailadmin_explore", args=[home.pk]),
                reverse("wagtailadmin_explore", args=[course.pk]),
                reverse("wagtailadmin_pages:edit", args=[course.pk]),
                reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
                reverse("wagtailadmin_pages:edit", args=[material.pk]),
                reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk]),
                reverse("wagtailadmin_account"),
            ]
            if role == "coordinator":
                paths += [
                    reverse("orders:index"),
                    reverse("orders:inspect", args=[order.pk]),
                    reverse("orders:refund", args=[order.pk]),
                    reverse("access_requests:list"),
                    reverse("access_requests:inspect", args=[request.pk]),
                    reverse("entitlements:index"),
                    reverse("licences:index"),
                    reverse("organisations:index"),
                    reverse("memberships:index"),
                    reverse("licensing_reports:contributors"),
                    reverse("licensing_reports:licences"),
                    reverse("sales_reports:report"),
                    reverse("learning_statistics:index"),
                    reverse("learning_statistics:course", args=[course.pk]),
                    reverse("wagtailadmin_workflows:index"),
                ]
            for path in paths:
                self.read(role, client, path)

    def editorial_review(self) -> None:
        """An editor submits a lesson for review (the coordinators are told), the coordinator approves it
        (the editor is told): Wagtail's e-mails, each in its reader's language."""
        editor, coordinator = self.users["editor"], self.users["coordinator"]
        lesson = LessonPage.objects.get(pk=self.first(LessonPage).pk)
        lesson.save_revision(user=editor)
        workflow_state = lesson.get_workflow().start(lesson, editor)
        self.read(
            "coordinator",
            self.client("coordinator"),
            reverse("wagtailadmin_home"),
            "admin home, a page to review",
        )
        workflow_state.current_task_state.approve(user=coordinator)
        self.read_mail("editorial review")

    def error_pages(self) -> None:
        self.read(None, self.client(None), f"/{self.language}/no-such-page/", "page not found (404)")
        request = RequestFactory().get(f"/{self.language}/")
        request.user, request.LANGUAGE_CODE = AnonymousUser(), self.language
        with translation.override(self.language):
            self.seen["visitor · too many attempts (429)"] = visible_text(
                render_to_string("429.html", request=request)
            )
            self.seen["visitor · server error (500)"] = visible_text(render_to_string("500.html"))


def quiz_answers(lesson, *, right: bool) -> list[tuple[str, dict]]:
    """For each quiz of a lesson: its block id and answers to every question, all right or all wrong."""
    found = []
    for block in LessonPage.objects.get(pk=lesson.pk).body.raw_data:
        if block["type"] != "quiz":
            continue
        answers = {}
        for number, question in enumerate(block["value"]["questions"]):
            question = question.get("value", question)
            choices = [choice.get("value", choice) for choice in question["choices"]]
            correct = [str(index) for index, choice in enumerate(choices) if choice.get("correct")]
            wrong = [str(index) for index, choice in enumerate(choices) if not choice.get("correct")]
            answers[f"q{number}"] = correct if right else (wrong[:1] or correct)
        found.append((block["id"], answers))
    return found


def load_demo() -> None:
    call_command("load_demo", stdout=io.StringIO())
