"""Helpers of the quiz API tests: a quiz lesson, an enrolled client, URLs, rows."""

import json

from django.test import Client

from courses.models import Course
from quizzes.models import Attempt, AttemptQuestion, Question
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)
from tests.quizzes.factories import (
    quiz_make,
)

ALL_KINDS = [kind for kind, _label in Question.Kind.choices]
QUESTION_KEYS = {
    "position",
    "kind",
    "text_html",
    "image_url",
    "image_alt",
    "choices",
    "options",
    "response",
    "answered",
}


def _quiz_lesson(*, quiz=None, **settings):
    course = CourseFactory(status=Course.Status.PUBLISHED)
    module = ModuleFactory(course=course)
    if quiz is None:
        quiz = quiz_make(kinds=settings.pop("kinds", ALL_KINDS), **settings)
    lesson = LessonFactory(module=module, kind="quiz", quiz=quiz, title="Le quiz")
    return course, lesson


def _enrolled_client(course, learner=None) -> Client:
    learner = learner or LearnerFactory()
    EnrollmentFactory(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    return client


def _start_url(lesson) -> str:
    return f"/api/v1/lessons/{lesson.pk}/quiz-attempts/"


def _attempt_url(attempt_id: int, tail: str = "") -> str:
    return f"/api/v1/quiz-attempts/{attempt_id}/{tail}"


def _put(client, attempt_id: int, position: int, body, *, raw: bool = False):
    return client.put(
        _attempt_url(attempt_id, f"answers/{position}/"),
        body if raw else json.dumps(body),
        content_type="application/json",
    )


def _rows(attempt_id: int) -> list[AttemptQuestion]:
    return list(
        AttemptQuestion.objects.filter(attempt_id=attempt_id)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )


def _stored(attempt_id: int) -> list[tuple]:
    """What the attempt holds: each answer and when it was saved, and the grade."""
    attempt = Attempt.objects.get(pk=attempt_id)
    rows = AttemptQuestion.objects.filter(attempt_id=attempt_id).order_by("position")
    return [
        (attempt.submitted_at, attempt.score_percent, attempt.deadline),
        *rows.values_list("position", "response", "answered_at", "is_correct"),
    ]


def _answer_all(client, attempt_id: int, make_payload) -> list:
    responses = []
    for aq in _rows(attempt_id):
        response = _put(client, attempt_id, aq.position, {"answer": make_payload(aq)})
        assert response.status_code == 200, response.content
        responses.append(response)
    return responses
