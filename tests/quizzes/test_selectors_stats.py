"""Trainers' selectors: results per learner and item analysis in fixed queries."""

import pytest

from quizzes import selectors, services
from tests.factories import LearnerFactory
from tests.quizzes.factories import quiz_make, right_payload

pytestmark = pytest.mark.django_db


def _hand_in(quiz, user, payloads):
    """Hands in an attempt with these payloads by position (None: left blank)."""
    attempt = services.attempt_start(quiz=quiz, user=user)
    rows = attempt.attempt_questions.select_related("question").order_by("position")
    for aq in rows:
        payload = payloads.get(aq.position)
        if payload == "right":
            payload = right_payload(aq)
        if payload is not None:
            services.answer_save(attempt=attempt, position=aq.position, payload=payload)
    return services.attempt_submit(attempt=attempt)


def _learners_hand_in(quiz, count):
    """Half the learners say "professeur", a quarter "prof", a quarter right."""
    for n in range(count):
        wrong = {0: "Professeur ", 1: "professeur", 2: "prof"}.get(n % 4)
        payload = {"text": wrong} if wrong else "right"
        _hand_in(quiz, LearnerFactory(), {1: payload, 2: None})


def test_selectors_quiz_item_analysis_finds_most_chosen_wrong_answer():
    """The trainer sees the success rate and the commonest wrong answer."""
    quiz = quiz_make(kinds=["short_text", "number"])
    _learners_hand_in(quiz, 8)
    short, number = selectors.quiz_item_analysis(quiz=quiz)
    assert (short.answered, short.correct, short.success_percent) == (8, 2, 25)
    assert (short.top_wrong_answer, short.top_wrong_count) == ("professeur", 4)
    assert (number.answered, number.correct, number.success_percent) == (0, 0, 0)
    assert number.top_wrong_answer == ""


def test_selectors_quiz_item_analysis_ignores_open_attempts():
    """An attempt still in progress does not count in the statistics."""
    quiz = quiz_make(kinds=["single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=1, payload={"choice": 0})
    (stats,) = selectors.quiz_item_analysis(quiz=quiz)
    assert (stats.answered, stats.success_percent) == (0, None)


@pytest.mark.parametrize("count", [2, 20])
def test_selectors_quiz_item_analysis_fixed_queries(count, django_assert_num_queries):
    """2 or 20 attempts are analysed in the same four queries."""
    quiz = quiz_make(kinds=["short_text", "number", "single"])
    _learners_hand_in(quiz, count)
    with django_assert_num_queries(4):
        stats = selectors.quiz_item_analysis(quiz=quiz)
    assert stats[0].answered == count


def test_selectors_quiz_attempts_by_learner_best_score_and_passed():
    """Per learner: attempts started, best score and whether any attempt passed."""
    quiz = quiz_make(kinds=["single", "true_false"], pass_mark=100)
    steady, struggling = LearnerFactory(last_name="Aa"), LearnerFactory(last_name="Bb")
    _hand_in(quiz, steady, {1: "right"})
    _hand_in(quiz, steady, {1: "right", 2: "right"})
    _hand_in(quiz, struggling, {})
    services.attempt_start(quiz=quiz, user=struggling)
    first, second = selectors.quiz_attempts_by_learner(quiz=quiz)
    assert (first.user_id, first.attempts, first.best_percent, first.passed) == (
        steady.pk,
        2,
        100,
        True,
    )
    assert (second.attempts, second.best_percent, second.passed) == (2, 0, False)
