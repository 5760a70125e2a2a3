"""A member with data in every app, for the export and erasure tests."""

import uuid
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.authtoken.models import Token

from certificates.codes import code_generate
from certificates.models import Certificate, VerificationLog
from h5p.models import Attempt, Content, Library, SavedState, Statement
from members.services import login_cards_issue
from tests.certificates.factories import completed_enrollment
from tests.factories import (
    LearnerFactory,
    LearnerGroupFactory,
    PartnerFactory,
    TrainerFactory,
)

PDF_BYTES = b"%PDF-1.7 test certificate"


@dataclass
class Member:
    user: object
    full_name: str
    email: str
    username: str
    certificate: Certificate
    partner: object


def h5p_content() -> Content:
    library, _ = Library.objects.get_or_create(
        machine_name="H5P.X",
        major=1,
        minor=0,
        defaults={"patch": 0, "title": "X", "runnable": True},
    )
    return Content.objects.create(title="Activité X", main_library=library)


def member_make(*, first_name: str, last_name: str, username: str) -> Member:
    """A learner in a group, with a card, a token, a finished course (quiz
    included), a certificate with its PDF checked by a partner, and H5P rows."""
    email = f"{username}@example.org"
    trainer = TrainerFactory()
    user = LearnerFactory(
        created_by=trainer,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        consent_confirmed_at=timezone.now(),
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Token.objects.create(user=user)
    group = LearnerGroupFactory(trainer=trainer, learners=[user])
    login_cards_issue(issuer=group.trainer, learners=[user])
    enrollment = completed_enrollment(user=user)
    # Where on_commit runs (browser tests), completion already issued one.
    for issued in Certificate.objects.filter(user=user):
        issued.pdf.delete(save=False)
        issued.delete()
    certificate = Certificate.objects.create(
        code=code_generate(),
        status=Certificate.Status.ISSUED,
        user=user,
        course=enrollment.course,
        holder_name=f"{first_name} {last_name}",
        course_title=enrollment.course.title,
        course_language="fr",
        hours=2,
        issuer_name="Le Monde des Possibles asbl (Sirius Hub)",
        issuer_company_number="0123456789",
        issued_on=date(2026, 11, 3),
        pdf_sha256="ab" * 32,
    )
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(PDF_BYTES))
    partner = PartnerFactory()
    VerificationLog.objects.create(
        certificate=certificate,
        organisation=partner.organisation,
        checked_by=partner,
    )
    content = h5p_content()
    Attempt.objects.create(content=content, user=user)
    Statement.objects.create(
        content=content,
        user=user,
        statement_id=uuid.uuid4(),
        verb="answered",
        raw={"actor": {"name": f"{first_name} {last_name}", "mbox": email}},
    )
    SavedState.objects.create(content=content, user=user, data=f'{{"who": "{email}"}}')
    return Member(
        user=user,
        full_name=f"{first_name} {last_name}",
        email=email,
        username=username,
        certificate=certificate,
        partner=partner,
    )
