"""Fixtures of the course tests: a draft course of the trainer with one
competence, one part, and its question bank."""

import pytest

from courses.models import Course
from courses.quiz import services as course_quiz_services
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    ModuleFactory,
)


@pytest.fixture
def course(trainer):
    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    CourseCompetenceFactory(course=course)
    return course


@pytest.fixture
def module(course):
    return ModuleFactory(course=course)


@pytest.fixture
def bank(course):
    return course_quiz_services.course_question_bank(course=course)
