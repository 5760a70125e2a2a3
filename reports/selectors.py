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

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
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
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateOutcome
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
    # The period's active learners by what they chose or said themselves: one
    # row per choice (zeros included), and how many never chose or said.
    learners_by_language: list[Row]
    language_not_said: int
    learners_by_age_band: list[Row]
    age_band_not_said: int
    # Members who answered "what happened since?" for a certificate of the
    # period: per answer (several allowed), and how many answered at all.
    outcomes: list[Row]
    outcome_respondents: int


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


def _active_learners_by_choice(active: QuerySet) -> tuple[Counter, Counter]:
    """The active learners counted by interface language and by age band ("":
    never chose, never said), from one grouped query: its rows are the
    combinations of the two (a few dozen at most), never the members."""
    rows = (
        User.objects.filter(pk__in=active)
        .values("language", "age_band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_language: Counter = Counter()
    by_age_band: Counter = Counter()
    for row in rows:
        by_language[row["language"]] += row["n"]
        by_age_band[row["age_band"]] += row["n"]
    return by_language, by_age_band


def _choice_rows(choices, counts: Counter) -> list[Row]:
    """Every choice in its usual order, zeros included: the table keeps its
    shape from one period to the next."""
    return [
        Row(key=str(key), label=str(label), count=counts[key]) for key, label in choices
    ]


def _not_said(rows: list[Row], total: int) -> int:
    """Everyone not in a row, a value no longer offered included: the rows and
    this add up to the total, so the report's protection sees every cell."""
    return total - sum(row.count for row in rows)


def _outcomes(certificates: QuerySet[Certificate]) -> tuple[list[Row], int]:
    """Distinct members per answer, over the answers given for these
    certificates, and how many members answered at all (one query)."""
    answers = CertificateOutcome.objects.filter(
        certificate__in=certificates.values("pk")
    )
    flags = {str(key): field for key, field in CertificateOutcome.FIELDS.items()}
    flags["declined"] = "declined"
    # Aliases apart from the field names, which an aggregate may not reuse.
    counts = answers.aggregate(
        respondents=Count("user", distinct=True),
        **{
            f"n_{key}": Count("user", distinct=True, filter=Q(**{field: True}))
            for key, field in flags.items()
        },
    )
    labels = {
        **{str(key): label for key, label in CertificateOutcome.Outcome.choices},
        "declined": _("Je préfère ne pas répondre"),
    }
    rows = [
        Row(key=key, label=str(labels[key]), count=counts[f"n_{key}"]) for key in flags
    ]
    return rows, counts["respondents"]


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
    active = enrolments.filter(
        _in("enrolled_at", first, after)
        | _in("completed_at", first, after)
        | _in("progress__completed_at", first, after)
    ).values("user")
    by_language, by_age_band = _active_learners_by_choice(active)
    learners_active = sum(by_language.values())
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
    outcomes, respondents = _outcomes(certificates)
    languages = _choice_rows(
        [(code, str(name)) for code, name in settings.LANGUAGES], by_language
    )
    age_bands = _choice_rows(User.AgeBand.choices, by_age_band)
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
        learners_by_language=languages,
        language_not_said=_not_said(languages, learners_active),
        learners_by_age_band=age_bands,
        age_band_not_said=_not_said(age_bands, learners_active),
        outcomes=outcomes,
        outcome_respondents=respondents,
    )
