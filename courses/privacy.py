"""Personal data held by courses: enrolments and lessons finished."""

from .models import Enrollment


def member_data_export(*, user) -> dict:
    enrollments = (
        Enrollment.objects.filter(user=user)
        .select_related("course")
        .prefetch_related("progress__lesson")
        .order_by("enrolled_at", "pk")
    )
    return {
        "enrollments": [
            {
                "course": enrollment.course.title,
                "enrolled_at": enrollment.enrolled_at,
                "last_activity_at": enrollment.last_activity_at,
                "completed_at": enrollment.completed_at,
                "lessons_completed": [
                    {"lesson": p.lesson.title, "completed_at": p.completed_at}
                    for p in sorted(enrollment.progress.all(), key=lambda p: p.pk)
                ],
            }
            for enrollment in enrollments
        ]
    }


def member_data_erase(*, user) -> None:
    """Enrolments go, and their progress with them."""
    Enrollment.objects.filter(user=user).delete()
