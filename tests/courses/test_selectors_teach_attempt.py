"""Reads behind the trainer's attempt page: the attempt by who may read it, the
attempts linked from the results page, and the review whatever the policy."""

import pytest
from django.http import Http404

from courses.quiz import selectors as course_quiz_selectors
from quizzes import selectors as quiz_selectors
from quizzes.models import Attempt, Quiz
from tests.courses.teach_attempt import learner_attempt
from tests.factories import StaffFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def test_selectors_teach_attempt_for_course_trainer_and_staff(
    django_assert_num_queries,
):
    """The course's trainer and staff get the attempt with its learner and
    course in one query."""
    setup = learner_attempt(kinds=["single"])
    for user in (setup.trainer, StaffFactory()):
        with django_assert_num_queries(1):
            attempt = course_quiz_selectors.attempt_for_teacher(
                user, lesson_id=setup.lesson.pk, attempt_id=setup.attempt.pk
            )
            assert attempt.user.get_full_name() == "Nadia Benali"
            assert attempt.quiz.lesson.module.course == setup.course


def test_selectors_teach_attempt_for_someone_else_is_404():
    """Another course's trainer, or the wrong lesson, is a 404."""
    setup = learner_attempt(kinds=["single"])
    other = learner_attempt(kinds=["single"])
    with pytest.raises(Http404):
        course_quiz_selectors.attempt_for_teacher(
            TrainerFactory(), lesson_id=setup.lesson.pk, attempt_id=setup.attempt.pk
        )
    with pytest.raises(Http404):
        course_quiz_selectors.attempt_for_teacher(
            setup.trainer, lesson_id=setup.lesson.pk, attempt_id=other.attempt.pk
        )


def test_selectors_teach_attempt_links_by_learner_in_order(django_assert_num_queries):
    """Each learner's attempts in the order made, open ones marked (one query)."""
    setup = learner_attempt(kinds=["single"], right=["single"])
    quiz = setup.attempt.quiz
    second = Attempt.objects.create(
        quiz=quiz, user=setup.learner, number=2, question_count=1
    )
    with django_assert_num_queries(1):
        links = course_quiz_selectors.quiz_attempt_links(quiz=quiz)

    first, last = links[setup.learner.pk]
    assert (first.pk, first.number, first.score_percent, first.is_open) == (
        setup.attempt.pk,
        1,
        100,
        False,
    )
    assert (last.pk, last.is_open) == (second.pk, True)


def test_selectors_teach_attempt_review_ignores_the_policy():
    """A trainer's review is there even when the learner's never is."""
    setup = learner_attempt(
        kinds=["single"], wrong=["single"], review_policy=Quiz.ReviewPolicy.NEVER
    )
    assert not quiz_selectors.review_allowed(attempt=setup.attempt)

    (item,) = quiz_selectors.attempt_review_for_trainer(attempt=setup.attempt)

    assert item.right_answer == "Envoyer"
    assert item.your_answer in {"Supprimer", "Archiver"}
    assert item.graded and not item.is_correct


def test_selectors_teach_attempt_review_of_an_open_attempt():
    """While open: the answers saved so far in words, no verdict yet."""
    setup = learner_attempt(
        kinds=["short_text", "number"], wrong=["short_text"], submit=False
    )

    text, number = quiz_selectors.attempt_review_for_trainer(attempt=setup.attempt)

    assert (text.your_answer, text.graded, text.answered_at is not None) == (
        "professeur",
        False,
        True,
    )
    assert (number.your_answer, number.answered_at) == ("(pas de réponse)", None)


def test_selectors_teach_attempt_review_queries_do_not_grow(
    django_assert_num_queries,
):
    """Two queries for 3 or 12 questions."""
    for kinds in (["single", "number", "matching"], ["single", "ordering"] * 6):
        setup = learner_attempt(kinds=kinds, right=["single"])
        with django_assert_num_queries(2):
            items = quiz_selectors.attempt_review_for_trainer(attempt=setup.attempt)
        assert len(items) == len(kinds)
