"""Reads for the trainer dashboard: progress per learner, stuck flag, distribution."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from courses import selectors
from courses.models import LessonProgress
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db


def _course(required: int, optional: int = 0):
    course = CourseFactory()
    module = ModuleFactory(course=course)
    lessons = [LessonFactory(module=module) for _ in range(required)]
    extras = [LessonFactory(module=module, required=False) for _ in range(optional)]
    return course, lessons, extras


def _done(enrollment, lessons):
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=enrollment, lesson=lesson) for lesson in lessons
    )


def test_selectors_dashboard_progress_counts_required_lessons_only():
    """Done and total count required lessons only; the percentage rounds down."""
    course, lessons, extras = _course(required=3, optional=2)
    enrollment = EnrollmentFactory(course=course)
    _done(enrollment, lessons[:1] + extras)

    row = selectors.course_learners_progress(course).get()

    assert (row.required_done, row.required_total, row.percent) == (1, 3, 33)


def test_selectors_dashboard_progress_lists_only_this_course():
    """Learners of another course never appear on this course's dashboard."""
    course, _lessons, _extras = _course(required=2)
    mine = EnrollmentFactory(course=course)
    EnrollmentFactory()

    rows = list(selectors.course_learners_progress(course))

    assert [row.pk for row in rows] == [mine.pk]


def test_selectors_dashboard_stuck_after_14_quiet_days():
    """Not finished and quiet for more than 14 days is stuck; 13 days is not."""
    course, lessons, _extras = _course(required=2)
    now = timezone.now()
    quiet = EnrollmentFactory(course=course, last_activity_at=now - timedelta(days=15))
    recent = EnrollmentFactory(course=course, last_activity_at=now - timedelta(days=13))
    finished = EnrollmentFactory(
        course=course,
        last_activity_at=now - timedelta(days=60),
        completed_at=now - timedelta(days=60),
    )
    _done(finished, lessons)

    stuck = {row.pk: row.stuck for row in selectors.course_learners_progress(course)}

    assert stuck == {quiet.pk: True, recent.pk: False, finished.pk: False}


def test_selectors_dashboard_stuck_days_follow_the_setting(settings):
    """SIRIUS_STUCK_AFTER_DAYS changes the quiet period, read at call time."""
    settings.SIRIUS_STUCK_AFTER_DAYS = 3
    course, _lessons, _extras = _course(required=1)
    EnrollmentFactory(course=course, last_activity_at=timezone.now() - timedelta(4))

    assert selectors.course_learners_progress(course).get().stuck is True


def test_selectors_dashboard_sorts_stuck_first_then_by_progress():
    """Stuck learners come first, then the least advanced before the others."""
    course, lessons, _extras = _course(required=4)
    old = timezone.now() - timedelta(days=30)
    ahead = EnrollmentFactory(course=course)
    _done(ahead, lessons[:3])
    behind = EnrollmentFactory(course=course)
    _done(behind, lessons[:1])
    stuck = EnrollmentFactory(course=course, last_activity_at=old)
    _done(stuck, lessons[:2])

    rows = list(selectors.course_learners_progress(course))

    assert [row.pk for row in rows] == [stuck.pk, behind.pk, ahead.pk]


def test_selectors_dashboard_course_without_required_lessons_is_zero_percent():
    """A course with no required lesson shows 0 %, never a division error."""
    course, _lessons, _extras = _course(required=0, optional=1)
    EnrollmentFactory(course=course)

    assert selectors.course_learners_progress(course).get().percent == 0


def test_selectors_dashboard_distribution_counts_each_band(
    django_assert_num_queries,
):
    """Learners fall in 0-24, 25-49, 50-74, 75-99 and 100 %, in one query."""
    course, lessons, _extras = _course(required=4)
    for done in (0, 0, 1, 2, 2, 3, 4):
        _done(EnrollmentFactory(course=course), lessons[:done])

    with django_assert_num_queries(1):
        bands = selectors.progress_distribution(course)

    assert [(band.low, band.high, band.count) for band in bands] == [
        (0, 24, 2),
        (25, 49, 1),
        (50, 74, 2),
        (75, 99, 1),
        (100, 100, 1),
    ]


def test_selectors_dashboard_course_of_another_trainer_is_404():
    """A trainer reaches the dashboard of the courses they teach only."""
    mine = CourseFactory(trainers=[TrainerFactory()])
    with pytest.raises(Http404):
        selectors.dashboard_course(user=TrainerFactory(), slug=mine.slug)
