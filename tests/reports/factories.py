"""Report data built for tests: dated enrolments, certificates issued with their
skills awarded through the real skills service (no PDF rendering), and exports."""

from datetime import date, datetime

import factory
from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate
from courses.models import Enrollment
from reports.models import ReportExport
from skills import services as skill_services
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    OrganisationFactory,
    TrainerFactory,
)


def moment(year: int, month: int, day: int, hour: int = 12, minute: int = 0):
    """An instant in the platform's time zone (Europe/Brussels)."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))  # noqa: DTZ001


def enrolled(
    *, user=None, course=None, on=None, completed=None, **fields
) -> Enrollment:
    """An enrolment made at `on`, completed at `completed` (None: not yet)."""
    extra = {"course": course} if course is not None else {}
    on = on or moment(2026, 3, 2)
    return EnrollmentFactory(
        user=user or LearnerFactory(),
        enrolled_at=on,
        last_activity_at=completed or on,
        completed_at=completed,
        **extra,
        **fields,
    )


def certified(
    enrollment: Enrollment,
    *,
    issued_on: date,
    competences: tuple[tuple[str, int], ...] = (("1.1", 3),),
    status: str = Certificate.Status.ISSUED,
) -> Certificate:
    """An issued certificate for the enrolment, and the skills it awards."""
    course = enrollment.course
    certificate = Certificate.objects.create(
        code=code_generate(),
        status=status,
        user=enrollment.user,
        course=course,
        holder_name=str(enrollment.user),
        course_title=course.title,
        course_language=course.language,
        hours=course.duration_hours,
        competences=[
            {"code": code, "name": code, "level": level, "esco_uri": ""}
            for code, level in competences
        ],
        issuer_name="Le Monde des Possibles",
        issuer_company_number="",
        issued_on=issued_on,
    )
    if status == Certificate.Status.ISSUED:
        skill_services.member_skills_award(certificate=certificate)
    return certificate


def coordinator_of(organisation, **fields):
    """A trainer attached to an organisation: its coordinator for reports."""
    return TrainerFactory(organisation=organisation, **fields)


class ReportExportFactory(factory.django.DjangoModelFactory):
    """An export asked for by a coordinator, not rendered yet."""

    class Meta:
        model = ReportExport

    requester = factory.SubFactory(
        TrainerFactory, organisation=factory.SubFactory(OrganisationFactory)
    )
    organisation = factory.LazyAttribute(lambda export: export.requester.organisation)
    start = date(2026, 3, 1)
    end = date(2026, 3, 31)
    language = "fr"
