"""Reads for the trainer dashboard: learners' progress, stuck flags, distribution."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from members.models import User

from ..models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
)
from .learning import grouped_count
from .teach import courses_for_teacher

PROGRESS_BANDS = ((0, 24), (25, 49), (50, 74), (75, 99), (100, 100))


def stuck_after_days() -> int:
    """Days without activity before an unfinished learner counts as stuck."""
    return settings.SIRIUS_STUCK_AFTER_DAYS


def dashboard_course(*, user: User, slug: str) -> Course:
    """A course whose dashboard the member may see: one they teach; staff, any.
    Anyone else's course is a 404 (one query)."""
    return get_object_or_404(
        courses_for_teacher(user).only("id", "slug", "title", "language", "status"),
        slug=slug,
    )


def course_learners_progress(course: Course) -> QuerySet[Enrollment]:
    """The course's enrolments with the learner, required lessons done and in total,
    the percentage (counted from progress rows, never stored) and a stuck flag;
    stuck first, then least progress first (one query, whatever their number)."""
    required = Lesson.objects.filter(
        module__course_id=OuterRef("course_id"), required=True
    )
    done = LessonProgress.objects.filter(
        enrollment_id=OuterRef("pk"), lesson__required=True
    )
    quiet_since = timezone.now() - timedelta(days=stuck_after_days())
    return (
        Enrollment.objects.filter(course_id=course.pk)
        .select_related("user")
        .only(
            "id",
            "course_id",
            "enrolled_at",
            "last_activity_at",
            "completed_at",
            "user__id",
            "user__username",
            "user__first_name",
            "user__last_name",
        )
        .annotate(
            required_total=grouped_count(required, "module__course_id"),
            required_done=grouped_count(done, "enrollment_id"),
        )
        .annotate(
            percent=Case(
                When(required_total=0, then=Value(0)),
                default=F("required_done") * 100 / F("required_total"),
                output_field=IntegerField(),
            ),
            stuck=Case(
                When(
                    completed_at__isnull=True,
                    last_activity_at__lt=quiet_since,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-stuck", "percent", "last_activity_at", "pk")
    )


@dataclass(frozen=True)
class ProgressBand:
    """How many learners of a course have a percentage between low and high."""

    low: int
    high: int
    count: int


def progress_distribution(course: Course) -> list[ProgressBand]:
    """Learners per progress band (0-24, 25-49, 50-74, 75-99, 100 %), counted by
    one aggregate query."""
    counts = course_learners_progress(course).aggregate(
        **{
            f"band_{low}": Count("pk", filter=Q(percent__gte=low, percent__lte=high))
            for low, high in PROGRESS_BANDS
        }
    )
    return [
        ProgressBand(low, high, counts[f"band_{low}"]) for low, high in PROGRESS_BANDS
    ]
