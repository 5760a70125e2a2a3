"""Report data built for tests and bench/: dated enrolments, certificates issued
with their skills (through the real skills service, or in bulk), their holders'
answers to "what happened since?" through the real service, and exports."""

import uuid
from datetime import date, datetime, timedelta

import factory
from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate, CertificateOutcome
from certificates.services import certificate_outcome_set
from courses.models import Enrollment, LessonProgress
from members.models import LearnerGroup, User
from reports.models import ReportExport
from skills import services as skill_services
from skills.models import Competence, MemberSkill
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LearnerGroupFactory,
    LessonFactory,
    ModuleFactory,
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


def population_bulk(
    *,
    enrolments: int,
    certificates: int,
    start: date,
    days: int = 365,
    organisations: int = 4,
    into: list | None = None,
    courses: int = 6,
    lessons: int = 3,
) -> list:
    """A platform of `enrolments` (two a learner, on `courses` courses) spread
    over `days` from `start`, written with bulk_create. The learners belong to
    `organisations` new organisations (or to those given `into`), one in five
    only through a coordinator's group. Two in five enrolments are completed and
    the first `certificates` of those certified, each with one or two DigComp
    skills; a completed enrolment has every lesson finished, the others the
    first one. Returns the organisations."""
    if not 0 <= certificates <= enrolments * 2 // 5 or enrolments < 1:
        raise ValueError("certificates: at most two in five enrolments")
    orgs = into or [OrganisationFactory() for _ in range(organisations)]
    groups = [
        LearnerGroupFactory(trainer=coordinator_of(org), name=f"Groupe {org.pk}")
        for org in orgs
    ]
    catalogue = [CourseFactory() for _ in range(max(2, courses))]
    lessons_of = {
        course.pk: [
            LessonFactory(module=ModuleFactory(course=course)) for _ in range(lessons)
        ]
        for course in catalogue
    }
    batch = uuid.uuid4().hex[:8]  # usernames unique across calls
    learners = User.objects.bulk_create(
        User(
            username=f"bulk-{batch}-{i}",
            first_name="Léa",
            last_name=f"Bulk {i}",
            role=User.Role.LEARNER,
            # An unusable password: hashing thousands would take minutes.
            password="!",  # noqa: S106
            organisation=None if i % 5 == 4 else orgs[i % len(orgs)],
        )
        for i in range((enrolments + 1) // 2)
    )
    LearnerGroup.learners.through.objects.bulk_create(
        LearnerGroup.learners.through(
            learnergroup_id=groups[i % len(groups)].pk, user_id=learner.pk
        )
        for i, learner in enumerate(learners)
        if i % 5 == 4
    )
    zone_start = moment(start.year, start.month, start.day, 10)
    rows = []
    for e in range(enrolments):
        on = zone_start + timedelta(days=e * days // enrolments)
        done = on + timedelta(days=1 + e % 20) if e % 5 < 2 else None
        rows.append(
            Enrollment(
                user=learners[e // 2],
                course=catalogue[(e // 2 + e % 2) % len(catalogue)],
                enrolled_at=on,
                last_activity_at=done or on,
                completed_at=done,
            )
        )
    rows = Enrollment.objects.bulk_create(rows, batch_size=500)
    progress = []
    for row in rows:
        course_lessons = lessons_of[row.course_id]
        finished = course_lessons if row.completed_at else course_lessons[:1]
        progress += [
            LessonProgress(enrollment=row, lesson=lesson, completed_at=row.enrolled_at)
            for lesson in finished
        ]
    LessonProgress.objects.bulk_create(progress, batch_size=500)
    _certificates_bulk([row for row in rows if row.completed_at][:certificates])
    return orgs


def _certificates_bulk(rows: list[Enrollment]) -> None:
    """Issued certificates of the enrolments, and the skills each awards."""
    competences = list(Competence.objects.in_framework().order_by("code"))
    codes: set[str] = set()
    while len(codes) < len(rows):
        codes.add(code_generate())
    issued = Certificate.objects.bulk_create(
        (
            Certificate(
                code=code,
                status=Certificate.Status.ISSUED,
                user=row.user,
                course=row.course,
                holder_name=str(row.user),
                course_title=row.course.title,
                course_language=row.course.language,
                hours=row.course.duration_hours,
                competences=[],
                issuer_name="Le Monde des Possibles",
                issuer_company_number="",
                issued_on=timezone.localdate(row.completed_at),
            )
            for row, code in zip(rows, sorted(codes), strict=True)
        ),
        batch_size=500,
    )
    MemberSkill.objects.bulk_create(
        (
            MemberSkill(
                user_id=certificate.user_id,
                competence=competences[(i + j * 7) % len(competences)],
                level=1 + (i + j) % 8,
                source=MemberSkill.Source.CERTIFIED,
                certificate=certificate,
                awarded_on=certificate.issued_on,
            )
            for i, certificate in enumerate(issued)
            for j in range(1 + i % 2)
        ),
        batch_size=500,
    )


def answered(
    certificate: Certificate, *outcomes: str, declined: bool = False
) -> CertificateOutcome:
    """The holder's answer for the certificate: the outcomes given, or "I'd
    rather not say" when `declined`."""
    return certificate_outcome_set(
        certificate=certificate,
        user=certificate.user,
        outcomes=list(outcomes),
        declined=declined,
    )


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
