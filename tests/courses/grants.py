"""A published course of a trainer with a one-attempt quiz lesson, and a learner
enrolled in it who used that attempt: the set-up of the extra-attempt tests."""

from dataclasses import dataclass

from courses.models import Course, Lesson
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
    TrainerFactory,
)
from tests.quizzes.factories import attempts_use_up, quiz_make


@dataclass
class OutOfAttempts:
    course: Course
    lesson: Lesson
    trainer: object
    learner: object


def out_of_attempts(**settings) -> OutOfAttempts:
    trainer = TrainerFactory()
    course = CourseFactory(status=Course.Status.PUBLISHED, trainers=[trainer])
    quiz = quiz_make(kinds=["single"], **{"max_attempts": 1, **settings})
    lesson = LessonFactory(
        module=ModuleFactory(course=course), kind="quiz", quiz=quiz, title="Le quiz"
    )
    learner = LearnerFactory(first_name="Nadia", last_name="Benali")
    EnrollmentFactory(user=learner, course=course)
    attempts_use_up(quiz=quiz, user=learner)
    return OutOfAttempts(course=course, lesson=lesson, trainer=trainer, learner=learner)
