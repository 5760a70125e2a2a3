"""Review after submission, as the quiz's review policy allows."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from quizzes import selectors, services
from tests.factories import LearnerFactory
from tests.quizzes.factories import quiz_make, right_payload, wrong_payload

pytestmark = pytest.mark.django_db


def _hand_in(quiz, user, *, right):
    attempt = services.attempt_start(quiz=quiz, user=user)
    aq = attempt.attempt_questions.select_related("question").get()
    payload = right_payload(aq) if right else wrong_payload(aq)
    services.answer_save(attempt=attempt, position=1, payload=payload)
    return services.attempt_submit(attempt=attempt)


def test_selectors_review_allowed_never_before_submission():
    """B1: whatever the policy, an open attempt shows no correction."""
    quiz = quiz_make(kinds=["single"], review_policy="after_each")
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    assert selectors.review_allowed(attempt=attempt) is False
    with pytest.raises(PermissionDenied):
        selectors.attempt_review(attempt=attempt)


def test_selectors_review_allowed_after_each_attempt():
    """after_each: the correction shows as soon as an attempt is handed in."""
    quiz = quiz_make(kinds=["single"], review_policy="after_each")
    attempt = _hand_in(quiz, LearnerFactory(), right=False)
    assert selectors.review_allowed(attempt=attempt) is True


def test_selectors_review_allowed_after_pass_only_when_passed():
    """after_pass: a failed attempt stays hidden, a passed one shows."""
    quiz = quiz_make(kinds=["single"], review_policy="after_pass")
    user = LearnerFactory()
    failed = _hand_in(quiz, user, right=False)
    assert selectors.review_allowed(attempt=failed) is False
    passed = _hand_in(quiz, user, right=True)
    assert selectors.review_allowed(attempt=passed) is True


def test_selectors_review_allowed_after_last_attempt_or_a_pass():
    """after_last: hidden while attempts remain, shown after the last one."""
    quiz = quiz_make(kinds=["single"], review_policy="after_last", max_attempts=2)
    user = LearnerFactory()
    first = _hand_in(quiz, user, right=False)
    assert selectors.review_allowed(attempt=first) is False
    _hand_in(quiz, user, right=False)
    assert selectors.review_allowed(attempt=first) is True


def test_selectors_review_allowed_after_last_shows_once_passed():
    """after_last: passing any attempt ends the suspense."""
    quiz = quiz_make(kinds=["single"], review_policy="after_last", max_attempts=3)
    user = LearnerFactory()
    failed = _hand_in(quiz, user, right=False)
    _hand_in(quiz, user, right=True)
    assert selectors.review_allowed(attempt=failed) is True


def test_selectors_review_allowed_never_policy():
    """never: the correction is never shown, even after passing."""
    quiz = quiz_make(kinds=["single"], review_policy="never")
    attempt = _hand_in(quiz, LearnerFactory(), right=True)
    assert selectors.review_allowed(attempt=attempt) is False
    with pytest.raises(PermissionDenied):
        selectors.attempt_review(attempt=attempt)


def test_selectors_attempt_review_shows_answers_and_feedback():
    """The review shows the learner's answer, the right one and the feedback."""
    quiz = quiz_make(kinds=["single", "short_text", "number"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    first = attempt.attempt_questions.select_related("question").get(position=1)
    services.answer_save(attempt=attempt, position=1, payload=wrong_payload(first))
    services.answer_save(attempt=attempt, position=2, payload={"text": "Élève"})
    attempt = services.attempt_submit(attempt=attempt)
    single, short, number = selectors.attempt_review(attempt=attempt)
    assert single.right_answer == "Envoyer"
    assert single.is_correct is False
    chosen = [c for c in single.choices if c.chosen]
    assert len(chosen) == 1 and not chosen[0].is_correct
    assert any(c.feedback == "Oui." and c.is_correct for c in single.choices)
    assert (short.your_answer, short.is_correct) == ("eleve", True)
    assert short.right_answer == "élève / apprenant"
    assert (number.your_answer, number.right_answer) == ("(pas de réponse)", "4 ± 0,5")


def test_selectors_attempt_review_numbers_read_as_in_the_language():
    """A number reads 3,5 in French and 3.5 in English in the review."""
    quiz = quiz_make(kinds=["number"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=1, payload={"number": "3.5"})
    attempt = services.attempt_submit(attempt=attempt)
    with translation.override("fr"):
        (item,) = selectors.attempt_review(attempt=attempt)
    assert item.your_answer == "3,5"
    with translation.override("en"):
        (item,) = selectors.attempt_review(attempt=attempt)
    assert (item.your_answer, item.right_answer) == ("3.5", "4 ± 0.5")


def test_selectors_review_allowed_after_pass_on_a_failed_retake():
    """after_pass: once the learner has passed, a failed retake shows its review too."""
    quiz = quiz_make(kinds=["single"], review_policy="after_pass")
    user = LearnerFactory()
    _hand_in(quiz, user, right=True)
    retake = _hand_in(quiz, user, right=False)
    assert selectors.review_allowed(attempt=retake) is True
