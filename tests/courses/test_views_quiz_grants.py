"""The learner's side of an extra attempt: the notice, the start button again,
and "ask your trainer" for those without one."""

import pytest
from django.urls import reverse

from courses.quiz import services as quiz_services
from quizzes.models import Attempt
from tests.courses.grants import out_of_attempts

pytestmark = pytest.mark.django_db

ASK_TRAINER = "Parlez-en à votre formateur ou formatrice"
NOTICE = "Votre formatrice ou formateur"


def _result_url(setup) -> str:
    attempt = Attempt.objects.filter(user=setup.learner).latest("number")
    return reverse(
        "courses:quiz-result", args=[setup.course.slug, setup.lesson.pk, attempt.pk]
    )


def test_views_quiz_without_grant_asks_to_see_the_trainer(client):
    """Out of attempts and no grant: no start button, "ask your trainer"."""
    setup = out_of_attempts()
    client.force_login(setup.learner)

    lesson_page = client.get(setup.lesson.get_absolute_url()).content.decode()
    result_page = client.get(_result_url(setup)).content.decode()

    for page in (lesson_page, result_page):
        assert ASK_TRAINER in page
        assert NOTICE not in page
        assert "Réessayer" not in page


def test_views_quiz_grant_notice_and_start_button_then_the_attempt(client):
    """After the grant, the lesson and the result name the trainer and the
    day, offer "Réessayer", and the learner starts the attempt."""
    setup = out_of_attempts()
    grant = quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=setup.trainer
    )
    client.force_login(setup.learner)
    day = grant.granted_at.strftime("%-d")

    lesson_page = client.get(setup.lesson.get_absolute_url()).content.decode()
    result_page = client.get(_result_url(setup)).content.decode()
    started = client.post(
        reverse("courses:quiz-start", args=[setup.course.slug, setup.lesson.pk])
    )

    for page in (lesson_page, result_page):
        assert f"{NOTICE} <bdi>{setup.trainer.get_full_name()}</bdi>" in page
        assert f"vous a donné un essai de plus le {day} " in page
        assert "Réessayer" in page
        assert ASK_TRAINER not in page
    assert started.status_code == 302
    assert Attempt.objects.filter(user=setup.learner).count() == 2


def test_views_quiz_grant_used_then_out_again_asks_the_trainer(client):
    """Once the extra attempt is used, the notice goes and the lesson says again
    to ask the trainer; another start is refused."""
    setup = out_of_attempts()
    quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=setup.trainer
    )
    client.force_login(setup.learner)
    start = reverse("courses:quiz-start", args=[setup.course.slug, setup.lesson.pk])
    client.post(start)
    attempt = Attempt.objects.get(user=setup.learner, submitted_at=None)
    client.post(
        reverse(
            "courses:quiz-submit", args=[setup.course.slug, setup.lesson.pk, attempt.pk]
        )
    )

    page = client.get(setup.lesson.get_absolute_url()).content.decode()
    client.post(start)

    assert ASK_TRAINER in page and NOTICE not in page
    assert Attempt.objects.filter(user=setup.learner).count() == 2
