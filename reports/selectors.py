"""Reads of the impact reports: who may see which organisation, and the raw
figures of a period, each computed in the database (reports -> interests,
stories, certificates, courses, skills, members; only lms imports reports).

Who is "a coordinator" and who are "an organisation's learners": the platform
has no coordinator role, and adding one would mean a migration, a new branch in
every role check and a new account type for the demo. The least invasive model
that is still correct uses what exists:

- platform staff (role STAFF, or a superuser: `User.is_staff_member`) see the
  whole platform or any one organisation;
- a trainer attached to an organisation (`User.organisation`, already used to
  credit the courses it shares) coordinates that organisation's work and sees
  that organisation only;
- an organisation's learners are the learners whose own `organisation` is it,
  or who are in a group (`LearnerGroup`) led by one of its trainers;
- partners (employers, employment services) and learners see no report: a
  partner organisation's people are the readers of certificates, not of
  everyone's progress.

The figures returned here are exact: `reports.published` hides and rounds them
before anyone sees them. Nothing here loops over members: each figure is one
aggregate query, whatever the number of enrolments.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from certificates.models import Certificate
from courses.models import Enrollment
from interests.models import Interest
from members.models import Organisation, User
from skills.models import MemberSkill, framework_name_language
from stories.models import Story

from .models import ReportExport

# How long a PDF export is kept: long enough to download it, short enough that
# figures of a past day do not linger in storage.
EXPORT_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included, in the platform's time zone."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        """The first instant of the period and the first instant after it."""
        zone = timezone.get_current_timezone()
        first = datetime.combine(self.start, time.min, tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return first, after


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: what it is, and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ImpactFigures:
    """The exact figures of one period and scope (None: the whole platform)."""

    period: Period
    organisation: Organisation | None
    learners_active: int
    enrolments: int
    completions: int
    # Of the enrolments made in the period, how many were completed by its end.
    cohort_completed: int
    median_days_to_completion: float | None
    certificates: int
    certificates_by_course: list[Row]
    certified_skills: int
    skills_by_area: list[Row]
    skills_by_level: list[Row]
    stories: int
    interests: int


def may_see_reports(user) -> bool:
    """Platform staff, and trainers attached to an organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff_member:
        return True
    return user.is_trainer and user.organisation_id is not None


def report_organisations(user) -> QuerySet[Organisation]:
    """The organisations whose report the user may ask for: all of them for
    staff, their own for a coordinator, none for anyone else."""
    if not may_see_reports(user):
        return Organisation.objects.none()
    if user.is_staff_member:
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(pk=user.organisation_id)


def may_see_whole_platform(user) -> bool:
    return may_see_reports(user) and user.is_staff_member


def report_export_of(*, user, pk) -> ReportExport:
    """An export of the last day that the user asked for (staff: any); Http404
    otherwise, also for a requester who no longer coordinates its organisation."""
    exports = ReportExport.objects.filter(
        created_at__gte=timezone.now() - EXPORT_LIFETIME
    ).select_related("organisation")
    if not may_see_reports(user):
        raise Http404
    if not user.is_staff_member:
        exports = exports.filter(requester=user, organisation_id=user.organisation_id)
    export = exports.filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def _learners(organisation: Organisation | None) -> QuerySet[User]:
    """The learners a report counts, as a subquery (never loaded)."""
    learners = User.objects.filter(role=User.Role.LEARNER)
    if organisation is not None:
        learners = learners.filter(
            Q(organisation=organisation)
            | Q(learner_groups__trainer__organisation=organisation)
        )
    return learners.values("pk")


def _in(field: str, first: datetime, after: datetime) -> Q:
    return Q(**{f"{field}__gte": first, f"{field}__lt": after})


def _median_days(completed: QuerySet[Enrollment], count: int) -> float | None:
    """The median time from enrolment to completion, in days: the database
    orders the durations and hands back the middle one or two."""
    if count == 0:
        return None
    durations = (
        completed.annotate(
            duration=ExpressionWrapper(
                F("completed_at") - F("enrolled_at"), output_field=DurationField()
            )
        )
        .order_by("duration")
        .values_list("duration", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    middle = list(durations)
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return seconds / 86_400


def _area_label(row: dict, language: str) -> str:
    return f"{row['competence__area__number']}. {row[f'area_{language}']}"


def impact_figures(
    *, period: Period, organisation: Organisation | None
) -> ImpactFigures:
    """Every figure of the report for the period and the organisation (None:
    the whole platform), in a fixed number of queries."""
    first, after = period.bounds()
    learners = _learners(organisation)
    enrolments = Enrollment.objects.filter(user__in=learners)
    counts = enrolments.aggregate(
        enrolments=Count("pk", filter=_in("enrolled_at", first, after)),
        completions=Count("pk", filter=_in("completed_at", first, after)),
        cohort_completed=Count(
            "pk",
            filter=_in("enrolled_at", first, after) & Q(completed_at__lt=after),
        ),
    )
    # Active: enrolled, finished a lesson or completed a course in the period.
    learners_active = enrolments.filter(
        _in("enrolled_at", first, after)
        | _in("completed_at", first, after)
        | _in("progress__completed_at", first, after)
    ).aggregate(n=Count("user", distinct=True))["n"]
    median = _median_days(
        enrolments.filter(_in("completed_at", first, after)), counts["completions"]
    )

    # Valid certificates issued in the period (revoked and replaced ones left
    # out: a re-issued certificate counts once, as its replacement).
    certificates = Certificate.objects.filter(
        user__in=learners,
        status=Certificate.Status.ISSUED,
        issued_on__gte=period.start,
        issued_on__lte=period.end,
    )
    by_course = [
        Row(key=str(row["course_id"]), label=row["title"], count=row["n"])
        for row in certificates.values("course_id")
        .annotate(title=Max("course_title"), n=Count("pk"))
        .order_by("-n", "title")
    ]

    skills = MemberSkill.objects.filter(
        source=MemberSkill.Source.CERTIFIED,
        withdrawn_at__isnull=True,
        certificate__in=certificates.values("pk"),
    )
    language = framework_name_language(get_language() or "")
    by_area = [
        Row(
            key=str(row["competence__area__number"]),
            label=_area_label(row, language),
            count=row["n"],
        )
        for row in skills.values("competence__area__number")
        .annotate(
            area_fr=Max("competence__area__name_fr"),
            area_nl=Max("competence__area__name_nl"),
            area_en=Max("competence__area__name_en"),
            n=Count("pk"),
        )
        .order_by("competence__area__number")
    ]
    by_level = [
        Row(key=str(row["level"]), label=str(row["level"]), count=row["n"])
        for row in skills.values("level").annotate(n=Count("pk")).order_by("level")
    ]

    stories = Story.objects.filter(
        author__in=learners,
        status=Story.Status.PUBLISHED,
        published_at__gte=first,
        published_at__lt=after,
    ).count()
    interests = Interest.objects.filter(
        member__in=learners, created_at__gte=first, created_at__lt=after
    ).count()
    return ImpactFigures(
        period=period,
        organisation=organisation,
        learners_active=learners_active,
        enrolments=counts["enrolments"],
        completions=counts["completions"],
        cohort_completed=counts["cohort_completed"],
        median_days_to_completion=median,
        certificates=sum(row.count for row in by_course),
        certificates_by_course=by_course,
        certified_skills=sum(row.count for row in by_area),
        skills_by_area=by_area,
        skills_by_level=by_level,
        stories=stories,
        interests=interests,
    )
