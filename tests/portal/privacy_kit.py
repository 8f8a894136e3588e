"""A person with every kind of record the portal keeps about someone (tests/portal/test_data_export*.py).

Every value that could leak is marked with the person's tag, so a test can look for one person's values in
another's export."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from courses.models import (
    AssignedMember,
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
from payments.models import Order, Refund
from portal.models import AccessRequest, ContactMessage, SignInCard, TermsAcceptance, User

from .. import factories
from ..courses.learning_kit import lessons_of, make_course, quiz_id


def person_with_everything(tree, tag: str, *, language: str = "es") -> User:
    """A member who manages their cooperative, with one record (at least) of every kind; `tag` is in every
    value of theirs a test may look for."""
    now = timezone.now()
    user = factories.UserFactory(email=f"{tag}@coop.example", full_name=f"Persona {tag}", language=language)
    cooperative = factories.OrganisationFactory(name=f"Cooperativa {tag}")
    factories.MembershipFactory(user=user, organisation=cooperative, manages=True)
    AccessRequest.objects.create(
        user=user,
        organisation=f"Organización {tag}",
        country="PE",
        role=f"Rol {tag}",
        purpose=f"Propósito {tag}",
        accepted_terms=True,
        status=AccessRequest.Status.APPROVED,
        decided_at=now,
        reason=f"Motivo {tag}",
    )
    SignInCard.objects.create(
        user=user, code_hash=f"hash-{tag}", expires_at=now + datetime.timedelta(days=30)
    )
    factories.InvitationFactory(
        organisation=cooperative, invited_by=user, email=f"invitada-{tag}@coop.example"
    )
    factories.InvitationFactory(
        organisation=cooperative, full_name=f"Aceptada {tag}", accepted_by=user, accepted_at=now
    )
    ContactMessage.objects.create(
        name=f"Persona {tag}",
        email=user.email,
        topic="privacy",
        message=f"Mensaje {tag}",
        language="es",
        user=user,
    )
    TermsAcceptance.objects.create(user=user, version=f"terms-{tag}", language="es")

    course = make_course(tree.courses, title=f"Curso {tag}")
    lesson = lessons_of(course)[1]
    enrolment = Enrolment.objects.create(user=user, course=course)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    QuizAttempt.objects.create(
        enrolment=enrolment, lesson=lesson, block_id=quiz_id(lesson), attempts=1, best_score=100,
        last_score=100, passed=True, last_answers={"0": [0], "1": [0], "2": [0, 1]},
    )  # fmt: skip
    Certificate.objects.create(
        code=f"CERT-{tag}", code_digest=f"digest-{tag}", user=user, course=course, language="es",
        learner_name=user.full_name, course_title=course.title, hours=Decimal("2.0"), completed_on=now.date(),
    )  # fmt: skip
    material = factories.MaterialPageFactory(
        parent=tree.materials, title=f"Material {tag}", access_level="authorised", price="10.00",
        licence=factories.LicenceFactory(acceptance_required=True),
    )  # fmt: skip
    factories.add_file(material, f"material-{tag}.pdf", title=f"Archivo {tag}")
    LicenceAcceptance.objects.create(user=user, page=material, licence=material.licence, language="es")
    Entitlement.objects.create(user=user, page=material, source="grant", reference=f"grant-{tag}")
    DownloadEvent.objects.create(user=user, material=material, file=material.files.get(), audience="member")
    assignment = Assignment.objects.create(
        organisation=cooperative, course=course, for_everyone=False, due_on=now.date()
    )
    AssignedMember.objects.create(assignment=assignment, user=user)
    ReminderSent.objects.create(assignment=assignment, user=user, kind="due_soon", occasion=now.date())
    LearnerAction.objects.create(
        key=uuid.uuid4(), user=user, kind="quiz", lesson=lesson, block_id=quiz_id(lesson), happened_at=now,
        outcome="counted", score=100,
    )  # fmt: skip
    order = Order.objects.create(
        buyer=user, item=material, item_title=material.title, amount=Decimal("10.00"), currency="USD",
        status=Order.Status.REFUNDED, paid_at=now, buyer_name=f"Comprador {tag}",
        stripe_session_id=f"cs_{tag}",
    )  # fmt: skip
    Refund.objects.create(order=order, stripe_id=f"re_{tag}", amount=Decimal("10.00"), status="succeeded")
    return user
