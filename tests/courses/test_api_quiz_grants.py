"""The quiz API counts an extra attempt a trainer granted."""

import pytest
from django.urls import reverse

from courses.quiz import services as quiz_services
from quizzes.models import Attempt
from tests.courses.grants import out_of_attempts

pytestmark = pytest.mark.django_db


def test_api_quiz_result_counts_the_granted_attempt(client):
    """The API's attempts_left counts the extra attempt too."""
    setup = out_of_attempts()
    attempt = Attempt.objects.get(user=setup.learner)
    client.force_login(setup.learner)
    url = reverse("api-quiz-attempt-result", args=[attempt.pk])
    before = client.get(url).json()["attempts_left"]

    quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=setup.trainer
    )

    assert (before, client.get(url).json()["attempts_left"]) == (0, 1)
