"""Reads for learning: locks with their reasons, next lesson, progress per module."""

import pytest

from courses import selectors
from courses.models import LessonProgress
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db


def _module(course, position, count, **options):
    module = ModuleFactory(course=course, position=position, **options)
    return [LessonFactory(module=module, position=n) for n in range(count)]


def _done(enrollment, *lessons):
    for lesson in lessons:
        LessonProgress.objects.create(enrollment=enrollment, lesson=lesson)


def test_selectors_progress_in_order_lock_names_first_lesson_to_do(learner):
    """In an ordered module, later lessons are locked behind the first not done."""
    course = CourseFactory()
    first, second, third = _module(course, 1, 3, unlock_in_order=True)
    enrollment = EnrollmentFactory(user=learner, course=course)
    _done(enrollment, first)

    syllabus = selectors.course_syllabus(course=course, user=learner)

    locks = {lesson.pk: lesson.lock for lesson in syllabus.lessons}
    assert locks[first.pk] is None
    assert locks[second.pk] is None
    assert locks[third.pk].message == f"Terminez d'abord la leçon « {second.title} »."
    assert locks[third.pk].url == f"/courses/{course.slug}/lessons/{second.pk}/"


def test_selectors_progress_free_module_has_no_lock(learner):
    """A module without unlock_in_order opens every lesson."""
    course = CourseFactory()
    lessons = _module(course, 1, 3, unlock_in_order=False)
    enrollment = EnrollmentFactory(user=learner, course=course)

    assert all(
        selectors.lesson_lock(enrollment=enrollment, lesson=lesson) is None
        for lesson in lessons
    )


def test_selectors_progress_prerequisite_lock_links_to_course(learner):
    """A prerequisite not completed locks every lesson, with a link to it."""
    basics = CourseFactory(title="Premiers pas")
    course = CourseFactory()
    (lesson,) = _module(course, 1, 1)
    enrollment = EnrollmentFactory(user=learner, course=course)
    course.prerequisites.add(basics)

    lock = selectors.lesson_lock(enrollment=enrollment, lesson=lesson)

    assert lock.message == "Terminez d'abord le module « Premiers pas »."
    assert lock.url == f"/courses/{basics.slug}/"


def test_selectors_progress_next_lesson_in_module_then_lesson_order(learner):
    """The next lesson is the first not done, module by module."""
    course = CourseFactory()
    second_module = _module(course, 2, 2)
    first_module = _module(course, 1, 2)
    enrollment = EnrollmentFactory(user=learner, course=course)
    _done(enrollment, *first_module, second_module[1])

    assert selectors.next_lesson(enrollment=enrollment) == second_module[0]
    _done(enrollment, second_module[0])
    assert selectors.next_lesson(enrollment=enrollment) is None


def test_selectors_progress_per_module(learner):
    """Each module counts its own required lessons; the course sums them."""
    course = CourseFactory()
    first = _module(course, 1, 2)
    second = _module(course, 2, 4)
    enrollment = EnrollmentFactory(user=learner, course=course)
    _done(enrollment, *first, second[0])

    progress = selectors.enrollment_progress(enrollment=enrollment)
    syllabus = selectors.course_syllabus(course=course, user=learner)

    assert [p.progress.percent for p in progress.modules] == [100, 25]
    assert (progress.progress.done, progress.progress.total) == (3, 6)
    assert progress.percent == 50
    assert [p.progress.percent for p in syllabus.modules] == [100, 25]
    assert syllabus.progress == progress.progress


def test_selectors_progress_learner_home_latest_activity_first(learner):
    """The home's next lesson comes from the most recently active course."""
    older, newer = CourseFactory(), CourseFactory()
    older_lessons, newer_lessons = _module(older, 1, 2), _module(newer, 1, 2)
    EnrollmentFactory(user=learner, course=older, last_activity_at="2026-01-01T10:00Z")
    recent = EnrollmentFactory(
        user=learner, course=newer, last_activity_at="2026-02-01T10:00Z"
    )
    _done(recent, newer_lessons[0])

    home = selectors.learner_home(user=learner)

    assert home.next_lesson == newer_lessons[1]
    assert [e.course for e in home.enrollments] == [newer, older]
    assert [e.course_progress.percent for e in home.enrollments] == [50, 0]
    assert older_lessons[0] != home.next_lesson


def test_selectors_progress_continue_goes_forward_then_back(learner):
    """Continuer leads to the next lesson not done after this one, else before it."""
    course = CourseFactory()
    first, second, third = _module(course, 1, 3)
    enrollment = EnrollmentFactory(user=learner, course=course)
    _done(enrollment, second, third)

    syllabus = selectors.course_syllabus(course=course, user=learner)

    assert syllabus.next_after(syllabus.lesson(second.pk)) == first
    _done(enrollment, first)
    syllabus = selectors.course_syllabus(course=course, user=learner)
    assert syllabus.next_after(syllabus.lesson(first.pk)) is None
