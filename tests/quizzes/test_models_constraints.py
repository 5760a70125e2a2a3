"""Database constraints that hold even when the services are bypassed."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from quizzes.models import Attempt, Question, Quiz
from tests.factories import LearnerFactory
from tests.quizzes.factories import QuestionBankFactory, QuizFactory

pytestmark = pytest.mark.django_db


def _refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_models_question_image_needs_alt_text():
    """A question image without alternative text cannot be stored."""
    bank = QuestionBankFactory()
    assert _refused(
        lambda: Question.objects.create(
            bank=bank, kind="single", text_markdown="Q", image="quizzes/images/a.png"
        )
    )


def test_models_quiz_pass_mark_and_random_draw_are_checked():
    """A pass mark over 100 % or a random quiz drawing nothing cannot be stored."""
    bank = QuestionBankFactory()
    assert _refused(lambda: Quiz.objects.create(bank=bank, title="Q", pass_mark=101))
    assert _refused(
        lambda: Quiz.objects.create(bank=bank, title="Q", selection="random")
    )
    assert _refused(
        lambda: Quiz.objects.create(
            bank=bank, title="Q", selection="random", draw_count=0
        )
    )


def test_models_attempt_one_open_per_learner_and_quiz():
    """One attempt in progress per learner and quiz; handed-in ones pile up."""
    quiz, user = QuizFactory(), LearnerFactory()
    first = Attempt.objects.create(quiz=quiz, user=user, number=1, question_count=1)
    assert first.is_open
    assert _refused(
        lambda: Attempt.objects.create(quiz=quiz, user=user, number=2, question_count=1)
    )
    first.submitted_at = timezone.now()
    first.save()
    assert not first.is_open
    Attempt.objects.create(quiz=quiz, user=user, number=2, question_count=1)
    assert _refused(
        lambda: Attempt.objects.create(
            quiz=quiz,
            user=user,
            number=2,
            question_count=1,
            submitted_at=timezone.now(),
        )
    )
