"""pg_terminate_backend on the connection that is handing in a quiz: nothing
half-written, the learner's saved answers kept, a clear "try again", and sending
again grades the attempt once."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from courses.services import enrollment_create, lesson_complete
from quizzes import grading
from quizzes import services as quiz_engine
from quizzes.models import Attempt
from tests.certificates.factories import course_with_quiz
from tests.factories import LearnerFactory
from tests.quizzes.factories import right_payload

pytestmark = [
    pytest.mark.real_services,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_terminate_backend needs PostgreSQL (DATABASE_URL); .ci/run sets it",
    ),
    pytest.mark.django_db(transaction=True),
]


def _terminate_this_connection() -> None:
    """What an operator's pg_terminate_backend (or a failover) does to the web
    process's connection, from another session, mid-transaction."""
    pid = connection.connection.info.backend_pid
    config = connection.settings_dict
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname=config["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def _responses(attempt) -> dict:
    rows = attempt.attempt_questions.order_by("position")
    return {row.position: row.response for row in rows}


@pytest.fixture
def answered(client, digcomp):
    course, text, quiz_lesson = course_with_quiz()
    learner = LearnerFactory()
    enrollment = enrollment_create(user=learner, course=course)
    lesson_complete(enrollment=enrollment, lesson=text)
    attempt = quiz_engine.attempt_start(quiz=quiz_lesson.quiz, user=learner)
    for aq in attempt.attempt_questions.select_related("question"):
        quiz_engine.answer_save(
            attempt=attempt, position=aq.position, payload=right_payload(aq)
        )
    client.force_login(learner)
    return course, quiz_lesson, attempt


def test_faults_quiz_connection_dropped_while_handing_in(client, answered, monkeypatch):
    course, quiz_lesson, attempt = answered
    saved = _responses(attempt)
    real_score = grading.score_percent

    def score_then_lose_the_connection(**kwargs):
        _terminate_this_connection()
        return real_score(**kwargs)

    monkeypatch.setattr(grading, "score_percent", score_then_lose_the_connection)
    summary = reverse(
        "courses:quiz-summary", args=[course.slug, quiz_lesson.pk, attempt.pk]
    )
    submit = reverse(
        "courses:quiz-submit", args=[course.slug, quiz_lesson.pk, attempt.pk]
    )

    response = client.post(submit, HTTP_REFERER=f"http://testserver{summary}")

    assert response.status_code == 503
    page = response.content.decode()
    assert "pas été enregistrée" in page
    assert summary in page  # "Revenir à la page" leads back to the summary
    assert response["Retry-After"]
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score_percent is None
    assert _responses(attempt) == saved
    assert all(aq.is_correct is None for aq in attempt.attempt_questions.all())

    monkeypatch.setattr(grading, "score_percent", real_score)
    again = client.post(submit)

    assert again.status_code == 302
    assert Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=False).exists()
    result = client.get(again["Location"])
    assert result.status_code == 200
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score_percent == 100


def test_faults_quiz_connection_dropped_api_answers_503_in_json(
    client, answered, monkeypatch
):
    _course, _quiz_lesson, attempt = answered
    real_score = grading.score_percent

    def score_then_lose_the_connection(**kwargs):
        _terminate_this_connection()
        return real_score(**kwargs)

    monkeypatch.setattr(grading, "score_percent", score_then_lose_the_connection)
    response = client.post(f"/api/v1/quiz-attempts/{attempt.pk}/submit/")

    assert response.status_code == 503
    assert "Réessayez" in response.json()["detail"]
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
