"""Attempt services: start and resume, answers, submission graded once, time."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.utils import timezone

from quizzes import grading, services
from quizzes.models import Attempt, AttemptQuestion, Question
from quizzes.signals import attempt_submitted
from tests.factories import LearnerFactory
from tests.quizzes.factories import quiz_make, right_payload, wrong_payload

pytestmark = pytest.mark.django_db

ALL_KINDS = Question.Kind.values


def _retrying(call):
    """Runs call(); SQLite's in-memory test database fails a busy table at once
    instead of waiting as the file database does, so try again there."""
    for _try in range(100):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.02)
    raise AssertionError("the table stayed locked")


def _rows(attempt):
    return list(
        attempt.attempt_questions.select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_services_attempt_submit_grades_each_kind_right(kind):
    """The right answer to each kind of question earns the point: 100 %, passed."""
    quiz = quiz_make(kinds=[kind])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    attempt = services.attempt_submit(attempt=attempt)
    assert (attempt.correct_count, attempt.score_percent, attempt.passed) == (
        1,
        100,
        True,
    )


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_services_attempt_submit_grades_each_kind_wrong(kind):
    """A wrong answer to each kind earns nothing and is summarised for trainers."""
    quiz = quiz_make(kinds=[kind])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=wrong_payload(aq))
    attempt = services.attempt_submit(attempt=attempt)
    aq.refresh_from_db()
    assert (attempt.score_percent, attempt.passed, aq.is_correct) == (0, False, False)
    assert aq.answer_summary


def test_services_attempt_submit_mixed_score_and_unanswered_count_wrong():
    """Two right out of three, one left blank: 67 %, passed at a 60 % mark."""
    quiz = quiz_make(kinds=["single", "short_text", "number"], pass_mark=60)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    first, second, _third = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(first))
    services.answer_save(attempt=attempt, position=2, payload={"text": " ÉLÈVE "})
    attempt = services.attempt_submit(attempt=attempt)
    assert (attempt.correct_count, attempt.question_count) == (2, 3)
    assert (attempt.score_percent, attempt.passed) == (67, True)


def test_services_answer_save_number_with_a_comma_within_tolerance():
    """A Belgian learner's "4,4" is read as 4.4 and is within 4 ± 0.5."""
    quiz = quiz_make(kinds=["number"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=1, payload={"number": "4,4"})
    assert services.attempt_submit(attempt=attempt).passed is True


@pytest.mark.parametrize("typed", ["٤٫٤", "۴٫۴", "٤,٤", "4,4\u00a0"])
def test_services_answer_save_number_in_arabic_digits(typed):
    """٤٫٤ (Arabic-Indic digits and decimal separator) or ۴٫۴ (Persian) is 4.4."""
    quiz = quiz_make(kinds=["number"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=1, payload={"number": typed})
    assert AttemptQuestion.objects.get(attempt=attempt).response == {"number": "4.4"}
    assert services.attempt_submit(attempt=attempt).passed is True


def test_services_answer_save_negative_number_with_a_typographic_minus():
    """ "−3" pasted with a minus sign (not a hyphen) is -3."""
    quiz = quiz_make(kinds=["number"])
    question = quiz.bank.questions.get()
    question.number_answer = -3
    question.save()
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    services.answer_save(attempt=attempt, position=1, payload={"number": "−3"})
    assert services.attempt_submit(attempt=attempt).passed is True


def test_services_attempt_start_resumes_the_open_attempt():
    """Starting again while an attempt is open returns that same attempt."""
    quiz = quiz_make(kinds=["single", "ordering"])
    user = LearnerFactory()
    first = services.attempt_start(quiz=quiz, user=user)
    again = services.attempt_start(quiz=quiz, user=user)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_services_attempt_start_refuses_past_max_attempts():
    """Once the allowed attempts are used, starting is refused and nothing is made."""
    quiz = quiz_make(kinds=["single"], max_attempts=1)
    user = LearnerFactory()
    services.attempt_submit(attempt=services.attempt_start(quiz=quiz, user=user))
    with pytest.raises(ValidationError) as caught:
        services.attempt_start(quiz=quiz, user=user)
    assert caught.value.code == "no_attempts_left"
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1


def test_services_attempt_start_refuses_a_quiz_without_questions():
    """A quiz with an empty pool cannot be started."""
    quiz = quiz_make(kinds=[])
    with pytest.raises(ValidationError) as caught:
        services.attempt_start(quiz=quiz, user=LearnerFactory())
    assert caught.value.code == "no_questions"


def test_services_attempt_start_random_draws_n_and_keeps_them():
    """A random quiz draws its count from the pool once; resuming shows the same."""
    quiz = quiz_make(kinds=ALL_KINDS, selection="random", draw_count=3)
    user = LearnerFactory()
    attempt = services.attempt_start(quiz=quiz, user=user)
    drawn = list(attempt.attempt_questions.values_list("question_id", flat=True))
    pool = set(quiz.questions.values_list("pk", flat=True))
    assert len(drawn) == 3 == attempt.question_count
    assert set(drawn) <= pool
    resumed = services.attempt_start(quiz=quiz, user=user)
    assert list(resumed.attempt_questions.values_list("question_id", flat=True)) == (
        drawn
    )


def test_services_attempt_start_sets_deadline_from_time_limit():
    """A timed quiz's attempt must be handed in by start + the time limit."""
    quiz = quiz_make(kinds=["single"], time_limit_minutes=10)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    assert attempt.deadline - attempt.started_at == timedelta(minutes=10)


def test_services_attempt_start_ordering_never_shown_in_right_order():
    """B1: an ordering question is never displayed already in the right order."""
    quiz = quiz_make(kinds=["ordering"])
    question = quiz.questions.get()
    right = list(question.choices.order_by("position").values_list("pk", flat=True))
    for _ in range(30):
        attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
        assert attempt.attempt_questions.get().choice_order != right


def test_services_attempt_start_keeps_position_order_without_shuffle():
    """With shuffling off, choices show in the trainer's order."""
    quiz = quiz_make(kinds=["single"], shuffle_choices=False)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    question = quiz.questions.get()
    right = list(question.choices.order_by("position").values_list("pk", flat=True))
    assert attempt.attempt_questions.get().choice_order == right


def test_services_attempt_submit_twice_returns_the_same_result_graded_once(
    monkeypatch,
):
    """B2: a double click hands in once; the second call returns the same grade."""
    quiz = quiz_make(kinds=["single", "multiple"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    first_aq = _rows(attempt)[0]
    services.answer_save(attempt=attempt, position=1, payload=right_payload(first_aq))
    graded = []
    real_grade = grading.grade

    def counting_grade(*args):
        graded.append(args[0])
        return real_grade(*args)

    monkeypatch.setattr(grading, "grade", counting_grade)
    first = services.attempt_submit(attempt=attempt)
    second = services.attempt_submit(attempt=attempt)
    assert (second.submitted_at, second.score_percent) == (
        first.submitted_at,
        first.score_percent,
    )
    assert first.score_percent == 50
    assert len(graded) == 2  # two questions, graded by the first call only


def test_services_attempt_submit_sends_the_signal_once_after_commit(
    django_capture_on_commit_callbacks,
):
    """Courses hear about a submitted attempt once, after commit, even on replay."""
    quiz = quiz_make(kinds=["single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    heard = []

    def receiver(sender, attempt, **kwargs):
        heard.append((attempt.pk, attempt.passed))

    attempt_submitted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.attempt_submit(attempt=attempt)
            services.attempt_submit(attempt=attempt)
    finally:
        attempt_submitted.disconnect(receiver)
    assert heard == [(attempt.pk, False)]


def test_services_attempt_submit_does_not_regrade_after_a_key_change():
    """A stored grade stands even if the trainer later changes the key."""
    quiz = quiz_make(kinds=["single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    services.attempt_submit(attempt=attempt)
    question = aq.question
    services.question_update(
        question=question,
        text_markdown="Q",
        choices=[{"text": "A"}, {"text": "B", "is_correct": True}, {"text": "C"}],
    )
    again = services.attempt_submit(attempt=attempt)
    assert (again.passed, again.score_percent) == (True, 100)


def test_services_answer_save_refused_after_submit():
    """An answer sent after handing in is refused; the grade does not move."""
    quiz = quiz_make(kinds=["single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(ValidationError) as caught:
        services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    assert caught.value.code == "submitted"
    aq.refresh_from_db()
    assert aq.response is None


def test_services_answer_save_refused_after_deadline_by_server_clock(monkeypatch):
    """B3: past the deadline (plus 2 s grace) the server refuses the answer."""
    quiz = quiz_make(kinds=["single"], time_limit_minutes=5)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    later = attempt.deadline + timedelta(seconds=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(ValidationError) as caught:
        services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    assert caught.value.code == "time_over"
    aq.refresh_from_db()
    assert aq.response is None


def test_services_answer_save_within_grace_is_kept(monkeypatch):
    """An answer arriving a second after the deadline (network lag) still counts."""
    quiz = quiz_make(kinds=["single"], time_limit_minutes=5)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    later = attempt.deadline + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    assert services.attempt_submit(attempt=attempt).passed is True


def test_services_attempt_submit_after_deadline_grades_what_was_saved():
    """A late hand-in (forged client timer or none) grades only answers in time."""
    quiz = quiz_make(kinds=["single", "true_false"], time_limit_minutes=1)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    first, second = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(first))
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    attempt.refresh_from_db()
    with pytest.raises(ValidationError):
        services.answer_save(attempt=attempt, position=2, payload=right_payload(second))
    attempt = services.attempt_submit(attempt=attempt)
    assert (attempt.correct_count, attempt.score_percent) == (1, 50)


def test_services_answer_save_refuses_a_position_not_in_the_attempt():
    """B4: an answer for a question outside the attempt is refused."""
    quiz = quiz_make(kinds=["single"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    for position in (0, 2, "1", True):
        with pytest.raises(ValidationError) as caught:
            services.answer_save(
                attempt=attempt, position=position, payload={"choice": 0}
            )
        assert caught.value.error_dict["position"][0].code == "not_in_attempt"
    assert not AttemptQuestion.objects.filter(response__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_services_attempt_submit_two_threads_at_once_grade_once():
    """B2: two simultaneous submissions give one graded attempt and one signal."""
    quiz = quiz_make(kinds=["single", "true_false"])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    first = _rows(attempt)[0]
    services.answer_save(attempt=attempt, position=1, payload=right_payload(first))
    heard, results, errors = [], [], []

    def receiver(sender, attempt, **kwargs):
        heard.append(attempt.pk)

    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait(timeout=5)
            # Only the pk travels, as in two requests; the service reloads the row.
            results.append(_retrying(lambda: services.attempt_submit(attempt=attempt)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            import traceback

            traceback.print_exc()
        finally:
            connection.close()

    attempt_submitted.connect(receiver)
    try:
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
    finally:
        attempt_submitted.disconnect(receiver)
    assert errors == []
    assert len({(r.submitted_at, r.score_percent) for r in results}) == 1
    assert heard == [attempt.pk]
    assert Attempt.objects.get(pk=attempt.pk).score_percent == 50


@pytest.mark.django_db(transaction=True)
def test_services_attempt_start_two_threads_at_once_make_one_attempt():
    """Two tabs starting at once share one attempt, within max_attempts."""
    quiz = quiz_make(kinds=["single"], max_attempts=1)
    user = LearnerFactory()
    results, errors = [], []
    barrier = threading.Barrier(2)

    def start():
        try:
            barrier.wait(timeout=5)
            results.append(
                _retrying(lambda: services.attempt_start(quiz=quiz, user=user)).pk
            )
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            import traceback

            traceback.print_exc()
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert Attempt.objects.filter(quiz=quiz, user=user).count() == 1
    assert len(set(results)) == 1


def test_services_attempt_submit_if_due_hands_in_a_forgotten_attempt():
    """A learner who left when time ran out still gets a grade; in time, nothing."""
    quiz = quiz_make(kinds=["single"], time_limit_minutes=5)
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    (aq,) = _rows(attempt)
    services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    assert services.attempt_submit_if_due(attempt=attempt).submitted_at is None
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(seconds=3)
    )
    attempt.refresh_from_db()
    graded = services.attempt_submit_if_due(attempt=attempt)
    assert (graded.submitted_at is not None, graded.passed) == (True, True)


def test_services_attempt_start_hands_in_an_overdue_attempt_and_starts_anew():
    """Coming back after the time ran out grades the old attempt, then starts again."""
    quiz = quiz_make(kinds=["single"], time_limit_minutes=5, max_attempts=2)
    user = LearnerFactory()
    old = services.attempt_start(quiz=quiz, user=user)
    Attempt.objects.filter(pk=old.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    new = services.attempt_start(quiz=quiz, user=user)
    old.refresh_from_db()
    assert new.pk != old.pk and new.number == 2
    assert (old.submitted_at is not None, old.score_percent) == (True, 0)
