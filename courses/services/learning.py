"""Learners' writes: enrolment, finishing lessons, and completing a course by its
rules (progress is rows, never a counter)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from .. import selectors
from ..models import Course, Enrollment, Lesson, LessonProgress
from ..signals import course_completed


@transaction.atomic
def enrollment_create(*, user: User, course: Course) -> Enrollment:
    """Enrols a member in a published course once; enrolling again returns the same."""
    if course.status != Course.Status.PUBLISHED:
        raise ValidationError(
            _("Ce module n'est pas ouvert aux inscriptions."), code="not_published"
        )
    missing = course.prerequisites.exclude(
        Exists(
            Enrollment.objects.filter(
                user=user, course=OuterRef("pk"), completed_at__isnull=False
            )
        )
    )
    if missing.exists():
        titles = ", ".join(missing.values_list("title", flat=True))
        raise ValidationError(
            _("Terminez d'abord : %(titles)s."),
            params={"titles": titles},
            code="prerequisites",
        )
    enrollment, _created = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


def lesson_complete(*, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Marks the lesson done once; finishing the last required lesson completes."""
    if lesson.module.course_id != enrollment.course_id:
        raise ValidationError(
            _("Cette leçon ne fait pas partie de ce module."), code="wrong_course"
        )
    if lesson.kind != Lesson.Kind.TEXT:
        raise ValidationError(
            _("Cette leçon se termine par son activité."), code="not_text"
        )
    lesson_open_check(enrollment=enrollment, lesson=lesson)
    return lesson_progress_record(enrollment=enrollment, lesson=lesson)


def lesson_open_check(*, enrollment: Enrollment, lesson: Lesson) -> None:
    """ValidationError saying why, when the lesson is still locked for the member."""
    lock = selectors.lesson_lock(enrollment=enrollment, lesson=lesson)
    if lock is not None:
        raise ValidationError(lock.message, code="locked")


def lesson_progress_record(*, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Records the finished lesson once, then completes the course if nothing
    required is left (text lessons by "Continuer", quizzes by passing)."""
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.get_or_create(
                enrollment=enrollment, lesson=lesson
            )
    except IntegrityError:
        # Another tab finished the same lesson at the same moment: one row stays.
        progress = LessonProgress.objects.get(enrollment=enrollment, lesson=lesson)
    with transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(
            last_activity_at=timezone.now()
        )
        enrollment_complete_if_done(enrollment=enrollment)
    return progress


def enrollment_complete_if_done(*, enrollment: Enrollment) -> bool:
    """Records completion once (conditional update) when no required lesson is left."""
    required_left = not selectors.enrollment_requirements_met(enrollment=enrollment)
    if required_left:
        return False
    updated = Enrollment.objects.filter(
        pk=enrollment.pk, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    if updated:
        enrollment.refresh_from_db(fields=["completed_at"])
        transaction.on_commit(
            lambda: course_completed.send(sender=Enrollment, enrollment=enrollment)
        )
    return bool(updated)
