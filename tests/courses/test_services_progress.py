"""Finishing lessons: one row per lesson, completion recorded and announced once."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from courses import selectors, services
from courses.models import Enrollment, LessonProgress
from courses.signals import course_completed
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)


def _course_with_lessons(count: int, **module_options):
    module = ModuleFactory(**module_options)
    lessons = [LessonFactory(module=module, position=n) for n in range(count)]
    return module.course, lessons


@pytest.mark.django_db
def test_services_progress_lesson_complete_once(learner):
    """Finishing a lesson twice leaves one progress row."""
    course, lessons = _course_with_lessons(2)
    enrollment = EnrollmentFactory(user=learner, course=course)

    services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
    services.lesson_complete(enrollment=enrollment, lesson=lessons[0])

    assert LessonProgress.objects.filter(enrollment=enrollment).count() == 1


@pytest.mark.django_db
def test_services_progress_refuses_lesson_of_another_course(learner):
    """A lesson of another course is refused and records nothing."""
    course, _lessons = _course_with_lessons(1)
    _other, other_lessons = _course_with_lessons(1)
    enrollment = EnrollmentFactory(user=learner, course=course)

    with pytest.raises(ValidationError) as error:
        services.lesson_complete(enrollment=enrollment, lesson=other_lessons[0])

    assert error.value.code == "wrong_course"
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_services_progress_refuses_locked_lesson(learner):
    """A lesson locked by its module's order is refused, naming the lesson first."""
    course, lessons = _course_with_lessons(2, unlock_in_order=True)
    enrollment = EnrollmentFactory(user=learner, course=course)

    with pytest.raises(ValidationError) as error:
        services.lesson_complete(enrollment=enrollment, lesson=lessons[1])

    assert error.value.code == "locked"
    assert f"« {lessons[0].title} »" in error.value.messages[0]
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_services_progress_course_completed_sent_once_after_commit(
    learner, django_capture_on_commit_callbacks
):
    """The last required lesson completes the course once; the signal follows commit."""
    course, lessons = _course_with_lessons(2)
    lessons[1].required = False
    lessons[1].save()
    enrollment = EnrollmentFactory(user=learner, course=course)
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    course_completed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
            assert received == []
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
            services.lesson_complete(enrollment=enrollment, lesson=lessons[1])
    finally:
        course_completed.disconnect(receiver)

    assert received == [enrollment.pk]
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


@pytest.mark.django_db
def test_services_progress_percentage_after_completions(learner):
    """Two of four required lessons done reads 50 %, per course and per module."""
    course, lessons = _course_with_lessons(4)
    optional = LessonFactory(module=lessons[0].module, position=9, required=False)
    enrollment = EnrollmentFactory(user=learner, course=course)

    services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
    services.lesson_complete(enrollment=enrollment, lesson=optional)
    services.lesson_complete(enrollment=enrollment, lesson=lessons[1])

    progress = selectors.enrollment_progress(enrollment=enrollment)
    assert (progress.progress.done, progress.progress.total) == (2, 4)
    assert progress.percent == 50
    assert [p.progress.percent for p in progress.modules] == [50]


@pytest.mark.django_db(transaction=True)
def test_services_progress_two_tabs_finish_the_same_lesson():
    """Two requests finishing the same lesson at once leave one row and no error."""
    course, lessons = _course_with_lessons(2)
    enrollment = EnrollmentFactory(user=LearnerFactory(), course=course)
    barrier = threading.Barrier(2)
    errors = []

    def finish():
        try:
            barrier.wait(timeout=5)
            for _attempt in range(50):
                try:
                    fresh = Enrollment.objects.get(pk=enrollment.pk)
                    services.lesson_complete(enrollment=fresh, lesson=lessons[0])
                    break
                except OperationalError as error:
                    # SQLite's in-memory test database fails a busy table at once
                    # instead of waiting as the file database does: try again.
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.02)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert LessonProgress.objects.filter(enrollment=enrollment).count() == 1
