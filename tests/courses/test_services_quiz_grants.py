"""Granting an extra attempt at a quiz lesson: by a trainer of the course, to
an enrolled learner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from courses.quiz import selectors as quiz_selectors
from courses.quiz import services as quiz_services
from quizzes.models import AttemptGrant
from tests.courses.grants import out_of_attempts
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.quizzes.factories import attempts_use_up

pytestmark = pytest.mark.django_db


def test_services_quiz_grant_by_course_trainer_lets_the_learner_start_again():
    """The course's trainer grants; the lesson offers one more attempt."""
    setup = out_of_attempts()
    before = quiz_selectors.quiz_lesson_state(lesson=setup.lesson, user=setup.learner)

    grant = quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=setup.trainer
    )

    after = quiz_selectors.quiz_lesson_state(lesson=setup.lesson, user=setup.learner)
    assert (before.attempts_left, before.can_start) == (0, False)
    assert (after.attempts_left, after.can_start) == (1, True)
    assert grant.granted_by == setup.trainer
    assert after.grant_news and after.last_grant_at == grant.granted_at
    assert after.last_granted_by == setup.trainer.get_full_name()


def test_services_quiz_grant_news_goes_once_the_attempt_is_started():
    """The notice is about an attempt not taken yet; once used, it goes."""
    setup = out_of_attempts()
    quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=setup.trainer
    )
    attempts_use_up(quiz=setup.lesson.quiz, user=setup.learner)

    state = quiz_selectors.quiz_lesson_state(lesson=setup.lesson, user=setup.learner)

    assert (state.grant_news, state.can_start) == (False, False)


def test_services_quiz_grant_by_staff_is_allowed():
    """The cooperative's team may grant on any course."""
    setup = out_of_attempts()
    quiz_services.quiz_attempt_grant(
        lesson=setup.lesson, learner=setup.learner, trainer=StaffFactory()
    )
    assert AttemptGrant.objects.count() == 1


def test_services_quiz_grant_by_another_trainer_is_refused():
    """A trainer of another course grants nothing here."""
    setup = out_of_attempts()
    with pytest.raises(PermissionDenied):
        quiz_services.quiz_attempt_grant(
            lesson=setup.lesson, learner=setup.learner, trainer=TrainerFactory()
        )
    assert not AttemptGrant.objects.exists()


def test_services_quiz_grant_to_someone_not_enrolled_is_refused():
    """A person who left the course, or never joined it, gets no grant, and
    the trainer reads what to do."""
    setup = out_of_attempts()
    stranger = LearnerFactory()
    attempts_use_up(quiz=setup.lesson.quiz, user=stranger)

    with pytest.raises(ValidationError) as caught:
        quiz_services.quiz_attempt_grant(
            lesson=setup.lesson, learner=stranger, trainer=setup.trainer
        )

    assert caught.value.code == "not_enrolled"
    assert "pas inscrite à ce module" in caught.value.messages[0]
    assert not AttemptGrant.objects.exists()


def test_services_quiz_grant_to_a_learner_with_attempts_left_is_refused():
    """Nothing to grant while the learner may still try."""
    setup = out_of_attempts()
    newcomer = LearnerFactory()
    EnrollmentFactory(user=newcomer, course=setup.course)

    with pytest.raises(ValidationError) as caught:
        quiz_services.quiz_attempt_grant(
            lesson=setup.lesson, learner=newcomer, trainer=setup.trainer
        )

    assert caught.value.code == "attempts_left"
