"""A course of a trainer with a quiz lesson of every question kind, and a learner
with one attempt at it: the set-up of the tests of the trainer's attempt page."""

from dataclasses import dataclass

from django.urls import reverse

from courses.models import Course, Lesson
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptQuestion
from quizzes.selectors import right_answer_payload
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
    TrainerFactory,
)
from tests.quizzes.factories import quiz_make, wrong_payload

EVERY_KIND = (
    "single",
    "multiple",
    "true_false",
    "short_text",
    "number",
    "ordering",
    "matching",
)


@dataclass
class LearnerAttempt:
    course: Course
    lesson: Lesson
    trainer: object
    learner: object
    attempt: Attempt

    @property
    def url(self) -> str:
        return reverse("teach:quiz-attempt", args=[self.lesson.pk, self.attempt.pk])


def learner_attempt(
    *,
    kinds=EVERY_KIND,
    right=(),
    wrong=(),
    submit: bool = True,
    language: str = "fr",
    **settings,
) -> LearnerAttempt:
    """The learner answers the questions of these kinds right or wrong, leaves
    the others blank, and hands the attempt in when `submit`."""
    trainer = TrainerFactory()
    course = CourseFactory(
        status=Course.Status.PUBLISHED, trainers=[trainer], language=language
    )
    quiz = quiz_make(kinds=kinds, shuffle_choices=False, **settings)
    lesson = LessonFactory(
        module=ModuleFactory(course=course), kind="quiz", quiz=quiz, title="Le quiz"
    )
    learner = LearnerFactory(first_name="Nadia", last_name="Benali")
    EnrollmentFactory(user=learner, course=course)
    attempt = quiz_services.attempt_start(quiz=quiz, user=learner)
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question")
    for aq in rows.prefetch_related("question__choices"):
        kind = aq.question.kind
        payload = None
        if kind in right:
            payload = right_answer_payload(aq)
        elif kind in wrong:
            payload = wrong_payload(aq)
        if payload is not None:
            quiz_services.answer_save(
                attempt=attempt, position=aq.position, payload=payload
            )
    if submit:
        attempt = quiz_services.attempt_submit(attempt=attempt)
    return LearnerAttempt(
        course=course, lesson=lesson, trainer=trainer, learner=learner, attempt=attempt
    )
