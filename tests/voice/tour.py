"""Everything a reader meets in one language, read on the demo site (`manage.py load_demo`): every public
page, every page of each role signed in (member, external, applicant, authorised buyer, editor,
coordinator), the admin screens editors and coordinators use, every e-mail the portal sends (through its
own e-mail functions and tasks, and allauth's and Wagtail's), the PDFs (certificate, stamped licence
notice, receipt) and the error pages. Each is named for the report, and kept as the words a reader sees."""

import datetime
import io
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page
from wagtailmedia.models import Media

from courses.learning import services as learning
from courses.learning.certificate_pdf import render_pdf as certificate_pdf
from courses.learning.certificates import organisation_verification_url
from courses.learning.models import Assignment, Certificate, ReminderSent
from courses.learning.reminders import send_assignment_reminders
from courses.learning.tasks import email_certificate
from courses.models import AccessLevel, CoursePage, LessonPage, MaterialFile, MaterialPage
from payments import emails as payment_emails
from payments import receipt_pdf
from payments.fulfilment import fulfil
from payments.models import Dispute, Order, Refund
from portal import services as portal_services
from portal.members.tasks import email_invitations, member_import_run
from portal.models import AccessRequest, Invitation, MemberImport, Membership, User
from portal.tasks import email_decision, email_request_received

from ..payments.helpers import open_order, session_for
from .reading import pdf_text, plain_text, visible_text
from .tour_privacy import PrivacyTour

PASSWORD = "Vo1ce-Check-2026"


def _text_html(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def _text(response) -> str:
    return visible_text(_text_html(response))


class Tour(PrivacyTour):
    """What a reader sees in `language`: `seen` maps a name ("member · page /es/cursos/…") to its words."""

    def __init__(self, language: str):
        self.language = language
        self.seen: dict[str, str] = {}
        self.users = {user.email.split("@")[0]: user for user in User.objects.filter(email__isnull=False)}
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

    @staticmethod
    def text_of(response) -> str:
        return _text(response)

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
        self.where_to_ask()
        self.account_pages()
        self.learning()
        self.purchases()
        self.authorisation()
        self.organisation_pages()
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
            "accept_terms": "on",
        }
        visitor.post(f"{prefix}/accounts/signup/", {"email": f"new-{self.language}@coop.example", **new})
        self.client(None).post(f"{prefix}/accounts/signup/", {"email": "member@clase.example", **new})
        self.client(None).post(f"{prefix}/accounts/password/reset/", {"email": "member@clase.example"})
        self.client(None).post(f"{prefix}/accounts/password/reset/", {"email": "nobody@coop.example"})
        self.read_mail("accounts")

    def account_pages(self) -> None:
        prefix = f"/{self.language}"
        for role in ("member", "manager", "external", "applicant", "buyer", "editor", "coordinator"):
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

    def organisation_pages(self) -> None:
        """ "My organisation" as the demo's manager runs it (every page of portal/ and courses/ under it)."""
        organisation = self.users["manager"].memberships.get(manages=True).organisation
        client = self.client("manager")
        assignments = reverse("courses:organisation_assignments", args=[organisation.pk])
        assignment = Assignment.objects.filter(organisation=organisation).first()
        for path in (
            reverse("portal:organisation_index"),
            reverse("portal:organisation_home", args=[organisation.pk]),
            assignments,
            reverse("courses:organisation_assignment", args=[organisation.pk, assignment.pk]),
        ):
            self.read("manager", client, path)
        refused = client.post(assignments, {"course": "", "due_on": "2000-01-01", "who": "chosen"})
        self.seen[f"manager · {assignments}, refused"] = _text(refused)
        self.assignment_reminders(assignment)
        self.organisation_learning(organisation, client)
        self.member_without_email(organisation, client)
        with translation.override(self.language):
            self.organisation_members(organisation, client)

    def organisation_members(self, organisation, client: Client) -> None:
        """The members' pages: the list, an invitation (its e-mail, its page for the invited person, signing
        up from it), an import with bad rows (its preview and its outcome), ending a membership."""
        org = organisation.pk
        for name in ("organisation_members", "organisation_invite", "organisation_member_import"):
            self.read("manager", client, reverse(f"portal:{name}", args=[org]))
        invite = reverse("portal:organisation_invite", args=[org])
        person = {"full_name": "Ana Condori", "email": f"ana-{self.language}@coop.example", "role": "member"}
        client.post(invite, person | {"language": self.language})
        invitation = Invitation.objects.get(email=person["email"])
        email_invitations.call([invitation.pk])
        self.read_mail("an invitation")
        self.seen[f"manager · {invite}, the address invited twice"] = _text(
            client.post(invite, person | {"language": self.language})
        )
        self.read("manager", client, reverse("portal:organisation_invitations", args=[org]))
        visitor = self.client(None)
        self.read(None, visitor, reverse("portal:invitation", args=[invitation.key]), "an invitation")
        self.read(None, visitor, f"/{self.language}/accounts/signup/", "sign-up from an invitation")
        self.read(
            None, visitor, reverse("portal:invitation", args=["not-a-key"]), "an invitation, a bad link"
        )
        self.read("member", self.client("member"), reverse("portal:invitation", args=[invitation.key]))
        rows = [
            ["Rosa Mamani", f"rosa-{self.language}@coop.example", "", ""],
            ["", "sin-nombre@coop.example", "x", "y"],
        ]
        rows += [["Sin Correo", "", "", ""], ["Repetida", f"rosa-{self.language}@coop.example", "", ""]]
        upload = reverse("portal:organisation_member_import", args=[org])
        self.seen[f"manager · {upload}, an old .xls file"] = _text(
            client.post(upload, {"file": SimpleUploadedFile("viejo.xls", b"old"), "language": self.language})
        )
        sheet = SimpleUploadedFile("miembros.csv", spreadsheet(rows))
        preview = client.post(upload, {"file": sheet, "language": self.language}, follow=True)
        self.seen[f"manager · {upload}, a preview with errors"] = _text(preview)
        member_import = MemberImport.objects.latest("pk")
        client.post(reverse("portal:organisation_member_import_confirm", args=[org, member_import.pk]))
        member_import_run.call(member_import.pk)
        self.read(
            "manager",
            client,
            reverse("portal:organisation_member_import_detail", args=[org, member_import.pk]),
        )
        self.read_mail("invitations of an import")
        member = Membership.objects.filter(organisation=organisation, manages=False).first()
        self.read("manager", client, reverse("portal:organisation_member_end", args=[org, member.pk]))
        manager_membership = self.users["manager"].memberships.get(manages=True)
        self.read(
            "manager", client, reverse("portal:organisation_member_end", args=[org, manager_membership.pk])
        )

    def assignment_reminders(self, assignment) -> None:
        """The reminders about the demo's assigned course: a week before its due date (the members have not
        started it for two weeks either), then, later, for two weeks without progress alone."""
        mail.outbox.clear()
        for days in (-7, 30):
            ReminderSent.objects.filter(assignment=assignment).delete()
            day = assignment.due_on + datetime.timedelta(days=days)
            send_assignment_reminders.call(assignment.pk, day.isoformat())
        self.read_mail("assigned-course reminders")

    def organisation_learning(self, organisation, client: Client) -> None:
        """The organisation's learning (filters, an error, the CSV), its training record and the verification
        page its QR codes open."""
        learning_path = reverse("courses:organisation_learning", args=[organisation.pk])
        record_path = reverse("courses:organisation_record", args=[organisation.pk])
        for path in (
            learning_path,
            f"{learning_path}?status=not_enrolled",
            f"{learning_path}?status=completed&q=zzzz&start=2026-06-30&end=2026-01-01",  # nothing, an error
            record_path,
            f"{record_path}?start=2026-06-30&end=2026-01-01",
        ):
            self.read("manager", client, path)
        export = client.get(learning_path, {"export": "csv"}).content.decode("utf-8-sig")
        self.seen["manager · the learning table as CSV"] = " ".join(export.split())
        record = client.get(record_path, {"start": "", "end": ""}).content
        self.seen["PDF · training record"] = pdf_text(record)
        # The verification page as the record's QR code opens it: it names the organisation.
        certificate = Certificate.objects.filter(user__memberships__organisation=organisation).first()
        if certificate is None:
            raise AssertionError(f"The demo left {organisation} without a certificate")
        address = organisation_verification_url(certificate, organisation.pk, self.language)
        self.read(
            None,
            self.client(None),
            address.removeprefix(settings.PORTAL_BASE_URL),
            "verification from a record",
        )

    def member_without_email(self, organisation, client: Client) -> None:
        """The manager creates a member without e-mail (a mistake first) and prints the card; the member
        signs in with it (a wrong code first), chooses a password (a weak one first) and reads their pages."""
        new_member = reverse("portal:organisation_new_member", args=[organisation.pk])
        self.read("manager", client, new_member)
        login_name = f"socia.{self.language}"
        member = {"full_name": "Rosa Díaz", "login_name": "1", "language": self.language, "role": "member"}
        self.seen["manager · new member, a bad login name"] = _text(client.post(new_member, member))
        created = client.post(new_member, {**member, "login_name": login_name})
        self.read("manager", client, created.url, "a new member's sign-in card")
        self.read("manager", client, reverse("portal:organisation_new_cards", args=[organisation.pk]))
        self.read("coordinator", self.client("coordinator"), created.url, "a card no longer shown")
        card = client.post(created.url)  # a new card: its code is in this session
        code = re.search(r'sign-in-card-code">([A-Z0-9-]+)<', _text_html(client.get(card.url)))[1]
        rosa = Client()
        sign_in = reverse("portal:card_sign_in")
        self.read(None, rosa, f"{sign_in}?login={login_name}")
        typed = {"login": login_name, "code": "AAAA-AAAA"}
        self.seen["visitor · sign in with a card, a wrong code"] = _text(rosa.post(sign_in, typed))
        rosa.post(sign_in, {**typed, "code": code})
        self.read(None, rosa, reverse("portal:card_password"))
        weak = {"password1": "12345678", "password2": "12345678"}
        self.seen["visitor · a weak password"] = _text(rosa.post(reverse("portal:card_password"), weak))
        strong = {"password1": PASSWORD, "password2": PASSWORD}
        response = rosa.post(reverse("portal:card_password"), strong, follow=True)
        self.seen["member without e-mail · first sign-in"] = _text(response)
        self.read("member without e-mail", rosa, reverse("portal:account"))
        self.seen["visitor · sign in with a card, a used code"] = _text(
            Client().post(sign_in, {**typed, "code": code})
        )

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
                # A video's own page: its captions in three languages, how its small rendition is coming on.
                reverse("wagtailmedia:edit", args=[Media.objects.filter(type="video").earliest("pk").pk]),
            ]
            if role == "coordinator":
                managing = Membership.objects.filter(manages=True).first()
                not_managing = Membership.objects.filter(manages=False).first()
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
                    reverse("memberships:manager_name", args=[not_managing.pk]),
                    reverse("memberships:manager_end", args=[managing.pk]),
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


def spreadsheet(rows) -> bytes:
    """A CSV file of members under the Spanish template's headings (read in every language)."""
    lines = ["Nombre completo,Correo electrónico,Cargo,Idioma", *(",".join(row) for row in rows)]
    return "\n".join(lines).encode()


def load_demo() -> None:
    call_command("load_demo", stdout=io.StringIO())
