"""Enrolment: once per learner and course, refused with a reason when not allowed."""

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Course, Enrollment
from tests.factories import CourseFactory, EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_services_enrollment_create_once(learner):
    """Enrolling twice leaves one enrolment."""
    course = CourseFactory()

    first = services.enrollment_create(user=learner, course=course)
    second = services.enrollment_create(user=learner, course=course)

    assert first == second
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1


def test_services_enrollment_create_refuses_missing_prerequisite(learner):
    """A course whose prerequisite is not completed is refused, naming it."""
    basics = CourseFactory(title="Premiers pas avec un smartphone")
    course = CourseFactory()
    course.prerequisites.add(basics)

    with pytest.raises(ValidationError) as error:
        services.enrollment_create(user=learner, course=course)

    assert "Premiers pas avec un smartphone" in error.value.messages[0]
    assert not Enrollment.objects.filter(user=learner, course=course).exists()


def test_services_enrollment_create_accepts_completed_prerequisite(learner):
    """Once the prerequisite is completed, enrolling works."""
    basics = CourseFactory()
    EnrollmentFactory(user=learner, course=basics, completed_at="2026-01-05T10:00Z")
    course = CourseFactory()
    course.prerequisites.add(basics)

    enrollment = services.enrollment_create(user=learner, course=course)

    assert enrollment.course == course


@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_services_enrollment_create_refuses_unpublished(learner, status):
    """Drafts and archived courses take no enrolment."""
    course = CourseFactory(status=status)

    with pytest.raises(ValidationError) as error:
        services.enrollment_create(user=learner, course=course)

    assert error.value.code == "not_published"
    assert not Enrollment.objects.exists()
