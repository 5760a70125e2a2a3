"""Learner-facing selectors: own attempts only, question pages without any key."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from quizzes import selectors, services
from quizzes.models import Question
from tests.factories import LearnerFactory
from tests.quizzes.factories import quiz_make, right_payload

pytestmark = pytest.mark.django_db

ALL_KINDS = Question.Kind.values


def test_selectors_attempt_for_user_another_learners_attempt_is_404():
    """B4: another learner's attempt id answers 404, not the attempt."""
    quiz = quiz_make(kinds=["single"])
    owner, stranger = LearnerFactory(), LearnerFactory()
    attempt = services.attempt_start(quiz=quiz, user=owner)
    assert selectors.attempt_for_user(user=owner, attempt_id=attempt.pk) == attempt
    with pytest.raises(Http404):
        selectors.attempt_for_user(user=stranger, attempt_id=attempt.pk)


def test_selectors_attempt_question_page_position_not_in_attempt_is_404():
    """B4: asking for question 3 of a 2-question attempt is a 404."""
    quiz = quiz_make(kinds=["single", "number"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    with pytest.raises(Http404):
        selectors.attempt_question_page(attempt=attempt, position=3)


def test_selectors_attempt_question_page_says_question_2_of_5():
    """The page says where the learner is and which questions are answered."""
    quiz = quiz_make(kinds=["single", "true_false", "number", "short_text", "single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=3, payload={"number": "2"})
    page = selectors.attempt_question_page(attempt=attempt, position=2)
    assert page.heading == "Question 2 sur 5"
    assert page.answered == (False, False, True, False, False)
    assert page.choices == ((0, "Vrai"), (1, "Faux"))


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_selectors_attempt_question_page_carries_no_answer_key(kind):
    """B1: the page and its repr hold no key, no feedback and no Choice pk."""
    quiz = quiz_make(kinds=[kind])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    question = quiz.questions.get()
    question.refresh_from_db()
    page = selectors.attempt_question_page(attempt=attempt, position=1)
    shown = repr(page) + repr(vars(page))
    for name in ("is_correct", "accepted", "number_answer", "tolerance", "feedback"):
        assert name not in shown
    for accepted in question.accepted_answers:
        assert accepted not in shown
    if question.number_answer is not None:
        assert str(question.number_answer) not in shown
    for choice in question.choices.all():
        assert choice.feedback == "" or choice.feedback not in shown
    indexes = [index for index, _text in page.choices + page.options]
    assert all(0 <= index < 10 for index in indexes)


def test_selectors_attempt_question_page_ordering_not_in_right_order():
    """B1: the items of an ordering question are shown out of their right order."""
    quiz = quiz_make(kinds=["ordering"])
    right = list(
        quiz.questions.get().choices.order_by("position").values_list("text", flat=True)
    )
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    page = selectors.attempt_question_page(attempt=attempt, position=1)
    assert [text for _index, text in page.choices] != right
    assert sorted(text for _index, text in page.choices) == sorted(right)


def test_selectors_attempt_question_page_matching_options_not_straight_across():
    """B1: matching options never line up with their items."""
    quiz = quiz_make(kinds=["matching"])
    question = quiz.questions.get()
    partner = dict(question.choices.values_list("text", "match_text"))
    for _ in range(10):
        attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
        page = selectors.attempt_question_page(attempt=attempt, position=1)
        across = [partner[item] for _i, item in page.choices]
        assert [text for _i, text in page.options] != across


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_selectors_attempt_question_page_gives_back_the_saved_answer(kind):
    """A saved answer comes back in the same display indexes it was sent in."""
    quiz = quiz_make(kinds=[kind])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    aq = attempt.attempt_questions.select_related("question").get()
    payload = right_payload(aq)
    services.answer_save(attempt=attempt, position=1, payload=payload)
    page = selectors.attempt_question_page(attempt=attempt, position=1)
    expected = payload
    if kind == "multiple":
        expected = {"choices": sorted(payload["choices"])}
    assert page.response == expected


def test_selectors_attempt_question_pages_constant_queries():
    """A 2- or 7-question attempt is read in the same number of queries."""
    counts = []
    for kinds in (["single", "number"], ALL_KINDS):
        quiz = quiz_make(kinds=kinds)
        attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
        with CaptureQueriesContext(connection) as queries:
            pages = selectors.attempt_question_pages(attempt=attempt)
            selectors.attempt_question_page(attempt=attempt, position=2)
        assert len(pages) == len(kinds)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_selectors_attempt_summary_lists_unanswered_positions():
    """Before handing in, the learner sees which questions are still blank."""
    quiz = quiz_make(kinds=["single", "number", "short_text"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=2, payload={"number": 4})
    summary = selectors.attempt_summary(attempt=attempt)
    assert (summary.answered_positions, summary.unanswered_positions) == ((2,), (1, 3))


def test_selectors_attempts_left_counts_down_and_none_when_unlimited():
    """With 2 attempts allowed, one used leaves one; without a limit, None."""
    limited = quiz_make(kinds=["single"], max_attempts=2)
    user = LearnerFactory()
    assert selectors.attempts_left(quiz=limited, user=user) == 2
    services.attempt_start(quiz=limited, user=user)
    assert selectors.attempts_left(quiz=limited, user=user) == 1
    assert selectors.attempts_left(quiz=quiz_make(), user=user) is None
